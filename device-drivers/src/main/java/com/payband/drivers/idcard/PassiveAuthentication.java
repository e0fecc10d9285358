package com.payband.drivers.idcard;

/** Outcome of ICAO 9303 passive authentication (EF.SOD hashes and the document signer's signature). */
public enum PassiveAuthentication {
    /** Hashes match and the signer chains to a trusted CSCA. */
    VALID,
    /** A hash or the signature does not match: the chip's data was altered or forged. */
    INVALID,
    /** No trust anchor configured for the issuing state: authenticity unknown, said plainly. */
    NOT_CHECKED
}
