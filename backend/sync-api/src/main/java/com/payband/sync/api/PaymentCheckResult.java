package com.payband.sync.api;

/**
 * The issuer's verdict on a payment code: ACCEPTED, UNKNOWN_BINDING, FORGED, STALE, REPLAYED or BINDING_NOT_ACTIVE.
 */
public record PaymentCheckResult(String verdict) {
}
