package com.payband.drivers.band.ble.bluez;

import java.util.Objects;

/** BlueZ could not be asked; the reason decides what a technician is told. */
public final class BluezException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** No D-Bus system bus at the address (DBUS_SYSTEM_BUS_ADDRESS, else the standard socket). */
        BUS_UNAVAILABLE,
        /** The bus answers but no {@code org.bluez} service is on it: bluetoothd is not running. */
        BLUEZ_NOT_RUNNING,
        /** BlueZ answered something this console does not understand. */
        UNEXPECTED_ANSWER,
        /** BlueZ runs but has no adapter (the dongle is not plugged in), or not the one asked for. */
        NO_ADAPTER
    }

    private final Reason reason;

    public BluezException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
