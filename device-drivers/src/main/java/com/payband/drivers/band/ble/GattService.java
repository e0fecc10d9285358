package com.payband.drivers.band.ble;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** A discovered GATT service and its characteristics. */
public record GattService(UUID uuid, List<Characteristic> characteristics) {

    public GattService {
        Objects.requireNonNull(uuid, "uuid");
        characteristics = List.copyOf(characteristics);
    }

    public enum Property { READ, WRITE, WRITE_WITHOUT_RESPONSE, NOTIFY, INDICATE }

    public record Characteristic(UUID uuid, Set<Property> properties) {
        public Characteristic {
            Objects.requireNonNull(uuid, "uuid");
            properties = Set.copyOf(properties);
        }
    }

    public boolean has(UUID characteristic) {
        return characteristics.stream().anyMatch(c -> c.uuid().equals(characteristic));
    }
}
