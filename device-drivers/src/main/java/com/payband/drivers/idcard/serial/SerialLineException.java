package com.payband.drivers.idcard.serial;

import java.util.List;
import java.util.Objects;

/**
 * Why no reader could be talked to on a port, attached as the cause of the
 * {@link com.payband.drivers.idcard.IdCardReadException} (TIMEOUT for {@link Kind#NO_ANSWER},
 * COMMUNICATION_ERROR for {@link Kind#NOISE}), so that the console can tell staff "nothing answers on
 * this port" apart from "something answers, but not as an ID card reader at these speeds".
 */
public final class SerialLineException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Silence at every speed tried. */
        NO_ANSWER,
        /** Bytes, but no GA/T 467 frames, at every speed tried: another speed, or another device. */
        NOISE
    }

    private final Kind kind;
    private final List<Integer> bauds;

    public SerialLineException(Kind kind, List<Integer> bauds, String detail) {
        super(detail);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.bauds = List.copyOf(bauds);
    }

    public Kind kind() {
        return kind;
    }

    /** The speeds tried, in order. */
    public List<Integer> bauds() {
        return bauds;
    }
}
