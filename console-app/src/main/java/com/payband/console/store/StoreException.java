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
        /**
         * The store was changed behind the console's back: a database file in clear where an encrypted
         * one belongs, or a database older than its audit anchor (a copy put back). Refused at start.
         */
        TAMPERED,
        IO
    }

    /** {@link Reason#TAMPERED} details: what was found; the words for each are the UI's. */
    public static final String PLAIN_FILE = "PLAIN_FILE";
    public static final String BEHIND_ANCHOR = "BEHIND_ANCHOR";
    public static final String ANCHOR_MISSING = "ANCHOR_MISSING";
    public static final String ANCHOR_INVALID = "ANCHOR_INVALID";
    public static final String OTHER_TRAIL = "OTHER_TRAIL";
    /** The store key is right (its audit anchor says so), but the database file does not decrypt or parse. */
    public static final String UNREADABLE = "UNREADABLE";

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
