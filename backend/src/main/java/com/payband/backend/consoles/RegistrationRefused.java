package com.payband.backend.consoles;

import com.payband.sync.api.ApiErrorCode;

/** A registration (or a lookup) refused, with the API's error code and a message for the console's user. */
public final class RegistrationRefused extends Exception {

    private final ApiErrorCode code;

    public RegistrationRefused(ApiErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ApiErrorCode code() {
        return code;
    }
}
