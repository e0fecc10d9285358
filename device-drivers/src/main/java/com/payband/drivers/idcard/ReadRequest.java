package com.payband.drivers.idcard;

import java.util.Optional;

/**
 * What a read needs besides the card.
 *
 * @param accessKey the MRZ-derived key for ICAO 9303 chips (BAC/PACE); empty for resident ID cards
 */
public record ReadRequest(Optional<MrzAccessKey> accessKey) {

    public ReadRequest {
        java.util.Objects.requireNonNull(accessKey, "accessKey");
    }

    public static ReadRequest plain() {
        return new ReadRequest(Optional.empty());
    }

    public static ReadRequest withAccessKey(MrzAccessKey key) {
        return new ReadRequest(Optional.of(key));
    }
}
