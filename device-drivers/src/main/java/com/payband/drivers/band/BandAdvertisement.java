package com.payband.drivers.band;

import com.payband.band.BandState;
import com.payband.band.BandSerial;
import com.payband.drivers.band.ble.Advertisement;
import com.payband.band.protocol.BandUuids;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a band says in its advertisement (band-gatt-profile.md, advertisement): enough to list bands
 * in a crowded shop by serial, state, battery and signal before connecting to any.
 */
public record BandAdvertisement(String address, BandSerial serial, BandState state, OptionalInt batteryPercent, int rssi) {

    private static final int LENGTH = 11;
    /** The protocol version the advertisement names (a band of another version is still listed; HELLO decides). */
    private static final int VERSION = com.payband.band.protocol.Hello.VERSION;

    public static Optional<BandAdvertisement> of(Advertisement ad) {
        Optional<byte[]> data = ad.manufacturerData(BandUuids.COMPANY_ID);
        if (data.isEmpty() || data.get().length != LENGTH || data.get()[0] < 1) {
            return Optional.empty();
        }
        byte[] d = data.get();
        Optional<BandSerial> serial = BandSerial.parse(new String(Arrays.copyOfRange(d, 1, 9), StandardCharsets.US_ASCII));
        int state = d[9] & 0xFF;
        if (serial.isEmpty() || state >= BandState.values().length) {
            return Optional.empty();
        }
        int battery = d[10] & 0xFF;
        return Optional.of(new BandAdvertisement(ad.address(), serial.get(), BandState.values()[state],
                battery <= 100 ? OptionalInt.of(battery) : OptionalInt.empty(), ad.rssi()));
    }

    public static byte[] manufacturerData(BandSerial serial, BandState state, int batteryPercent) {
        byte[] d = new byte[LENGTH];
        d[0] = VERSION;
        System.arraycopy(serial.value().getBytes(StandardCharsets.US_ASCII), 0, d, 1, BandSerial.LENGTH);
        d[9] = (byte) state.ordinal();
        d[10] = (byte) batteryPercent;
        return d;
    }
}
