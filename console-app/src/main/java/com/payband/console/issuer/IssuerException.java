package com.payband.console.issuer;

import com.payband.sync.api.ApiErrorCode;
import java.util.Optional;

/** The issuer could not be reached, or refused (then {@link #refusal} says why); enrollment rolls back and says so. */
public final class IssuerException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ApiErrorCode refusal;
    private final boolean notRegistered;

    public IssuerException(String message) {
        this(message, null, null);
    }

    public IssuerException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public IssuerException(String message, ApiErrorCode refusal, Throwable cause) {
        this(message, refusal, cause, false);
    }

    private IssuerException(String message, ApiErrorCode refusal, Throwable cause, boolean notRegistered) {
        super(message, cause);
        this.refusal = refusal;
        this.notRegistered = notRegistered;
    }

    /** This console is registered with no backend, so there is no issuer to ask (nothing was asked). */
    public static IssuerException noBackend() {
        return new IssuerException("this console is not registered with a backend: no issuer to ask", null, null, true);
    }

    /** Whether there was no issuer to ask: this console is registered with no backend. */
    public boolean notRegistered() {
        return notRegistered;
    }

    /** The issuer's reason when it answered with a refusal; empty when it could not be reached or failed. */
    public Optional<ApiErrorCode> refusal() {
        return Optional.ofNullable(refusal);
    }
}
