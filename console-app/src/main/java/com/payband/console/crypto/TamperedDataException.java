package com.payband.console.crypto;

/** A sealed value that does not authenticate: altered, truncated, moved, or sealed under another key. */
public final class TamperedDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TamperedDataException(String message) {
        super(message);
    }
}
