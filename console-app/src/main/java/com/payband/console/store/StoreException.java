package com.payband.console.store;

/** The store cannot be opened or used; the reason decides what staff are told. */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Another process has the data folder open; the detail says which (pid host since). */
        IN_USE,
        NOT_INITIALISED,
        ALREADY_INITIALISED,
        /** keys.json belongs to another database. */
        KEY_MISMATCH,
        MIGRATION_FAILED,
        IO
    }

    private final Reason reason;
    private final String detail;

    public StoreException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.detail = detail;
    }

    public StoreException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
