package com.payband.drivers.band;

import com.payband.band.protocol.Status;
import java.util.Objects;
import java.util.Optional;

/** A band operation that did not complete; the kind (and status) decide what staff are told. */
public final class BandException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The radio is unavailable (dongle unplugged, no BlueZ). */
        RADIO_UNAVAILABLE,
        /** No band at that address (out of range, switched off, or it changed address after a reset). */
        NOT_FOUND,
        /** The band failed attestation: not made by a trusted manufacturer, or replayed, or tampered with. */
        COUNTERFEIT,
        /** The link dropped during the operation. */
        LINK_LOST,
        TIMEOUT,
        /** The band refused the command; {@link #status()} says why. */
        REFUSED,
        /** The band broke the protocol (malformed, out of order, altered): the session is over. */
        PROTOCOL
    }

    private final Kind kind;
    private final transient Status status;

    public BandException(Kind kind, String detail) {
        this(kind, null, detail, null);
    }

    public BandException(Kind kind, String detail, Throwable cause) {
        this(kind, null, detail, cause);
    }

    public BandException(Kind kind, Status status, String detail, Throwable cause) {
        super(kind + (status == null ? "" : " " + status) + ": " + detail, cause);
        this.kind = Objects.requireNonNull(kind);
        this.status = status;
    }

    public static BandException refused(Status status, String what) {
        return new BandException(Kind.REFUSED, status, what, null);
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Status> status() {
        return Optional.ofNullable(status);
    }
}
