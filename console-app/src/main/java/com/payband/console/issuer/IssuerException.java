package com.payband.console.issuer;

import com.payband.sync.api.ApiErrorCode;
import java.util.Optional;

/** The issuer could not be reached, or refused (then {@link #refusal} says why); enrollment rolls back and says so. */
public final class IssuerException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ApiErrorCode refusal;

    public IssuerException(String message) {
        this(message, null, null);
    }

    public IssuerException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public IssuerException(String message, ApiErrorCode refusal, Throwable cause) {
        super(message, cause);
        this.refusal = refusal;
    }

    /** The issuer's reason when it answered with a refusal; empty when it could not be reached or failed. */
    public Optional<ApiErrorCode> refusal() {
        return Optional.ofNullable(refusal);
    }
}
