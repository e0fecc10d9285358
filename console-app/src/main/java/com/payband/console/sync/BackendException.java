package com.payband.console.sync;

import com.payband.sync.api.ApiErrorCode;
import java.util.Optional;

/** A call to the backend that did not succeed; {@link #reason()} says what the user is told. */
public final class BackendException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as the console tells it (i18n keys {@code backend.error.<REASON>}). */
    public enum Reason {
        /** The address is not an https:// URL. */
        BAD_URL,
        /** The code is not 24 characters of the code alphabet. */
        BAD_CODE,
        /** Nothing answers at the address (down, wrong port, no network), or the call timed out. */
        UNREACHABLE,
        /** TLS failed: the server's certificate is not the pinned CA's, or ours was refused. */
        TLS_FAILED,
        /** The backend refused the code (unknown, used, expired, burnt). */
        CODE_REFUSED,
        /** The answer to a registration does not prove knowledge of the code: not our backend (a man in the middle). */
        ANSWER_NOT_PROVEN,
        /** The revocation list does not continue the console's copy or its head's signature is not the issuer's. */
        LIST_NOT_PROVEN,
        /** This console is not registered with any backend. */
        NOT_REGISTERED,
        /** This console is registered already: a new registration replaces it only when asked to in so many words. */
        ALREADY_REGISTERED,
        /** Changes made here have not reached the current backend: a registration is not replaced before they have. */
        CHANGES_NOT_SENT,
        /** The backend revoked this console. */
        CONSOLE_REVOKED,
        /** The backend does not know this console's certificate. */
        UNKNOWN_CONSOLE,
        /** The backend found this store's audit trail behind (or beside) what it anchored: rolled back or rewritten. */
        AUDIT_ROLLBACK,
        /** Any other refusal or an answer the console cannot read. */
        REFUSED
    }

    private final Reason reason;
    private final ApiErrorCode apiError;

    BackendException(Reason reason, ApiErrorCode apiError, String detail, Throwable cause) {
        super(reason + (apiError == null ? "" : "/" + apiError) + ": " + detail, cause);
        this.reason = reason;
        this.apiError = apiError;
    }

    BackendException(Reason reason, String detail) {
        this(reason, null, detail, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The backend's own error code, when it answered with one. */
    public Optional<ApiErrorCode> apiError() {
        return Optional.ofNullable(apiError);
    }
}
