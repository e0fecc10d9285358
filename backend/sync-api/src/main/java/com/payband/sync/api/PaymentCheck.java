package com.payband.sync.api;

/** A payment code to verify ({@link ApiPaths#ISSUER_PAYMENTS}), in its text form ({@code PBPAY1:...}). */
public record PaymentCheck(String code) {
}
