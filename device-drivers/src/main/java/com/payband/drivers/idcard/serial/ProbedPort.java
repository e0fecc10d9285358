package com.payband.drivers.idcard.serial;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A candidate port and what asking it for a SAM found.
 *
 * @param port    the port, its rank and chip
 * @param outcome what the probe found
 * @param baud    the speed the SAM answered at ({@link Outcome#READER} only)
 * @param samId   the SAM's id ({@link Outcome#READER} only)
 * @param detail  English, for logs and {@code --json} diagnostics; never personal data
 */
public record ProbedPort(PortRanking.RankedPort port, Outcome outcome, OptionalInt baud, Optional<SamId> samId,
        String detail) {

    /** What is behind a port. */
    public enum Outcome {
        /** A GA/T 467 reader answered with its SAM's status and id. */
        READER,
        /** A reader answered, but its SAM reports a fault (self-test failed, not authorised). */
        SAM_FAULT,
        /** Nothing answered at any speed. */
        NO_ANSWER,
        /** Something answered, but not in GA/T 467 frames: another device, or a line speed not tried. */
        NOISE,
        /** The port cannot be opened: gone, in use by another program (or by this console's open reader), or not permitted. */
        UNAVAILABLE,
        /** Not asked: ranked {@link PortRank#OTHER} (a built-in UART, Bluetooth) and not under a watched glob. */
        NOT_PROBED
    }

    public ProbedPort {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(baud, "baud");
        Objects.requireNonNull(samId, "samId");
        Objects.requireNonNull(detail, "detail");
    }

    public String path() {
        return port.port().path();
    }

    public boolean isReader() {
        return outcome == Outcome.READER;
    }

    /** Whether the SAM is the PayBand simulator's. */
    public boolean simulated() {
        return samId.map(SamId::simulator).orElse(false);
    }
}
