package com.payband.backend.issuer;

import com.payband.sync.api.ApiErrorCode;

/** The issuer will not do what it was asked; {@link #status} is the HTTP status the API answers with. */
public final class IssuerRefusal extends Exception {

    private final int status;
    private final ApiErrorCode code;

    public IssuerRefusal(int status, ApiErrorCode code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public ApiErrorCode code() {
        return code;
    }
}
