package com.payband.drivers.band.ble;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One advertisement as the radio received it.
 *
 * @param address          where the device is now (random-static: it changes when a band is reset)
 * @param rssi             received signal strength, dBm
 * @param manufacturerData by company identifier
 */
public record Advertisement(String address, Optional<String> localName, int rssi, Map<Integer, byte[]> manufacturerData,
        Instant seenAt) {

    public Advertisement {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(localName, "localName");
        manufacturerData = Map.copyOf(manufacturerData);
        Objects.requireNonNull(seenAt, "seenAt");
    }

    public Optional<byte[]> manufacturerData(int companyId) {
        return Optional.ofNullable(manufacturerData.get(companyId)).map(byte[]::clone);
    }
}
