package com.payband.sync.api;

/**
 * The console's new client certificate. The one it renewed with stays valid until its next renewal (or its
 * expiry), so a console that did not keep this answer can renew again.
 */
public record RenewalResponse(String certificatePem) {
}
