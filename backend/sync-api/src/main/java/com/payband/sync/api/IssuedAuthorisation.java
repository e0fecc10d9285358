package com.payband.sync.api;

/** The issuer's signed authorisation (the band protocol's encoding, base64) and when it expires on the band's clock. */
public record IssuedAuthorisation(String authorisation, String expires) {
}
