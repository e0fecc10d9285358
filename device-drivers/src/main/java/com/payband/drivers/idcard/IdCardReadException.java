package com.payband.drivers.idcard;

import java.util.Objects;

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

    private final Failure failure;

    public IdCardReadException(Failure failure, String detail) {
        super(failure + ": " + detail);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public IdCardReadException(Failure failure, String detail, Throwable cause) {
        super(failure + ": " + detail, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public Failure failure() {
        return failure;
    }
}
