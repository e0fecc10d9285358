package com.payband.drivers.idcard;

import java.util.Objects;
import java.util.Optional;

/**
 * A read that did not deliver a document, with the reason as a type the console turns into a message
 * in the user's language. The detail text is for logs: it never holds personal data.
 */
public final class IdCardReadException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Failure {
        /** No card on the reader. */
        NO_CARD,
        /** The card left the reader during the read. */
        CARD_REMOVED,
        /** The reader is unplugged or its device cannot be opened. */
        READER_UNAVAILABLE,
        /** Garbled, truncated or refused frames between host and reader. */
        COMMUNICATION_ERROR,
        /** The reader did not answer in time. */
        TIMEOUT,
        /** The card answered but its content cannot be decoded (unknown card type, damaged data). */
        UNREADABLE_DOCUMENT,
        /** The chip failed authentication: counterfeit or altered document. */
        INVALID_DOCUMENT,
        /** The chip refused access (wrong MRZ for BAC/PACE). */
        ACCESS_DENIED,
        /** Another read is already in progress on this reader. */
        BUSY
    }

    /**
     * A finer reason within a {@link Failure}, for a message that says what to do; most failures have
     * none. Added for the PC/SC driver without new failure kinds, so that code switching over
     * {@link Failure} stays as it is.
     */
    public enum Reason {
        /** ACCESS_DENIED: the read was asked without the MRZ key an ICAO 9303 chip needs. */
        MRZ_KEY_MISSING,
        /** ACCESS_DENIED: the chip refused BAC/PACE with this MRZ key (a typo, or another document). */
        MRZ_KEY_REFUSED,
        /** UNREADABLE_DOCUMENT: the card has no ICAO 9303 application (a bank or transport card). */
        NOT_AN_ICAO_DOCUMENT,
        /** READER_UNAVAILABLE: the PC/SC service (pcscd, Windows Smart Card service) is not running. */
        PCSC_SERVICE_NOT_RUNNING,
        /** READER_UNAVAILABLE: the PC/SC service stopped or restarted during the read; try again. */
        PCSC_SERVICE_STOPPED_DURING_READ,
        /** READER_UNAVAILABLE: the PC/SC service restarted and this process cannot reconnect: restart the console. */
        PCSC_RESTART_CONSOLE
    }

    private final Failure failure;
    private final Reason reason;

    public IdCardReadException(Failure failure, String detail) {
        this(failure, null, detail, null);
    }

    public IdCardReadException(Failure failure, String detail, Throwable cause) {
        this(failure, null, detail, cause);
    }

    /** @param reason may be null */
    public IdCardReadException(Failure failure, Reason reason, String detail, Throwable cause) {
        super(failure + (reason == null ? "" : "/" + reason) + ": " + detail, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.reason = reason;
    }

    public Failure failure() {
        return failure;
    }

    public Optional<Reason> reason() {
        return Optional.ofNullable(reason);
    }
}
