package com.payband.drivers.band;

import com.payband.band.BandSerial;

/**
 * A band that proved what it is: its serial and device public key come from a certificate chain of a
 * trusted manufacturer, and it signed this session's fresh nonce with that key.
 *
 * @param devicePublicKey 65-byte uncompressed P-256 point
 * @param address         where it is now (changes on reset)
 */
public record AttestedBand(BandSerial serial, byte[] devicePublicKey, String address, String model,
        String firmwareVersion, String hardwareRevision) {

    public AttestedBand {
        devicePublicKey = devicePublicKey.clone();
    }

    @Override
    public byte[] devicePublicKey() {
        return devicePublicKey.clone();
    }
}
