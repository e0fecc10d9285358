package com.payband.drivers.band.ble;

import java.util.UUID;

/** Bluetooth SIG 16-bit UUIDs in their 128-bit form. */
public final class GattUuids {

    private static final String BASE = "-0000-1000-8000-00805f9b34fb";

    private GattUuids() {
    }

    public static UUID of16(int shortUuid) {
        return UUID.fromString(String.format("%08x", shortUuid) + BASE);
    }

    public static final UUID DEVICE_INFORMATION = of16(0x180A);
    public static final UUID MANUFACTURER_NAME = of16(0x2A29);
    public static final UUID MODEL_NUMBER = of16(0x2A24);
    public static final UUID SERIAL_NUMBER = of16(0x2A25);
    public static final UUID HARDWARE_REVISION = of16(0x2A27);
    public static final UUID FIRMWARE_REVISION = of16(0x2A26);
    public static final UUID BATTERY = of16(0x180F);
    public static final UUID BATTERY_LEVEL = of16(0x2A19);
}
