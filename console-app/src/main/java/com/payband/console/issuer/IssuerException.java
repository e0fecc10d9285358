package com.payband.console.issuer;

/** The issuer could not be reached or refused; enrollment rolls back and says so. */
public final class IssuerException extends Exception {
    private static final long serialVersionUID = 1L;

    public IssuerException(String message) {
        super(message);
    }

    public IssuerException(String message, Throwable cause) {
        super(message, cause);
    }
}
