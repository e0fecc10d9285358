package com.payband.backend.http;

import com.payband.sync.api.ApiErrorCode;

/** A request refused with an HTTP status, one of the API's error codes and a message for the caller. */
final class ApiFailure extends RuntimeException {

    final int status;
    final ApiErrorCode code;

    ApiFailure(int status, ApiErrorCode code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
