package com.payband.console.crypto;

/** The data key could not be created or opened; the reason decides the message staff see. */
public final class KeyVaultException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        ALREADY_EXISTS,
        PASSPHRASE_REQUIRED,
        PASSPHRASE_TOO_SHORT,
        WRONG_PASSPHRASE,
        CREDENTIAL_STORE_UNAVAILABLE,
        KEY_NOT_IN_CREDENTIAL_STORE,
        CORRUPT,
        IO
    }

    private final Reason reason;

    public KeyVaultException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public KeyVaultException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
