package com.payband.sync.api;

/** The issuer's root public key (65-byte P-256 point, base64) and whether it lives in software (a demo backend). */
public record IssuerRoot(String publicKey, boolean softwareKeys) {
}
