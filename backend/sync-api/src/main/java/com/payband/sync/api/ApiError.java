package com.payband.sync.api;

/** Every 4xx and 5xx answer's body. */
public record ApiError(ApiErrorCode error, String message) {
}
