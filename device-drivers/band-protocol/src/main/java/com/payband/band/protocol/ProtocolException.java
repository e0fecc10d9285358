package com.payband.band.protocol;

/** A message that breaks the protocol: malformed, out of order, altered, or signed by the wrong key. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
