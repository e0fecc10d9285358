package com.payband.sync.api;

/**
 * A console asks to be registered.
 *
 * @param codeId the public part of the one-time registration code (the secret part never travels)
 * @param name   how the console calls itself (the store's name), for the backend's administrators
 * @param csrPem a PKCS#10 request for the console's own P-256 key, in PEM
 * @param proof  {@link RegistrationProof#request}: proves knowledge of the code's secret
 */
public record RegistrationRequest(String codeId, String name, String csrPem, String proof) {
}
