package com.payband.console.cli;

/** The command line's exit codes; documented in {@code src/docs/cli.md}. Never renumber. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int SIGN_IN_FAILED = 3;
    public static final int ACCESS_DENIED = 4;
    public static final int STORE_IN_USE = 5;
    public static final int STORE_STATE = 6;
    public static final int KEY_UNAVAILABLE = 7;
    public static final int REFUSED = 8;
    public static final int NOT_FOUND = 9;
    public static final int NO_CARD = 10;
    public static final int READER_FAILURE = 11;
    public static final int DOCUMENT_INVALID = 12;
    public static final int AUDIT_TAMPERED = 13;
    public static final int IO_ERROR = 14;
    /** The band cannot be reached: not heard, radio unavailable, link lost (a bind left PENDING is reconciled later). */
    public static final int BAND_UNREACHABLE = 15;
    /** The band is refused or refuses: counterfeit, bound to another person, reported stolen, battery low, ... */
    public static final int BAND_REFUSED = 16;
    /** The backend cannot be reached: down, no network, or TLS failed (not the pinned backend). */
    public static final int BACKEND_UNREACHABLE = 17;
    /** The backend refused: a used or wrong registration code, this console revoked or unknown, an unproven answer. */
    public static final int BACKEND_REFUSED = 18;

    private ExitCode() {
    }
}
