package com.payband.sync.api;

/**
 * The backend's answer to a registration.
 *
 * @param certificatePem   the console's client certificate, issued by the backend's CA
 * @param caCertificatePem the backend's CA, which the console pins for every later call
 * @param proof            {@link RegistrationProof#response}: the console trusts the CA only if this proof,
 *                         under the code's secret, holds (the registration call itself cannot verify the
 *                         server: nothing is pinned yet)
 */
public record RegistrationResponse(String consoleId, String certificatePem, String caCertificatePem, String proof) {
}
