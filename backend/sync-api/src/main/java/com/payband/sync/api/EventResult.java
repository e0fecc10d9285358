package com.payband.sync.api;

/** The outcome of one event of a batch; {@code error} and {@code message} only when REJECTED. */
public record EventResult(String eventId, EventStatus status, ApiErrorCode error, String message) {
}
