package com.payband.drivers.idcard;

import java.util.Objects;

/**
 * Identifies a reader to staff and scripts.
 *
 * @param id          stable identifier, e.g. {@code sim:0}, {@code serial:/dev/ttyUSB0}, {@code pcsc:Virtual PCD 00 00}
 * @param displayName what staff see in settings
 * @param simulated   true for simulators: the console then shows its SIMULATOR marking
 */
public record ReaderInfo(String id, String displayName, ReaderKind kind, boolean simulated) {
    public ReaderInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(kind, "kind");
    }
}
