package com.payband.drivers.band.ble;

import java.util.Objects;

/** A BLE operation that did not complete; the kind decides what staff are told. No personal data in it. */
public final class BleException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No radio (dongle unplugged, adapter off, no BlueZ). */
        ADAPTER_UNAVAILABLE,
        /** No device at that address (out of range, or it changed address). */
        NOT_FOUND,
        TIMEOUT,
        /** The link dropped during the operation. */
        LINK_LOST,
        /** The device refused the operation at the GATT level. */
        GATT_ERROR,
        NOT_CONNECTED
    }

    private final Kind kind;
    /** Why the radio is unavailable, as the Bluetooth driver named it (BLUEZ_NOT_RUNNING, NO_ADAPTER, TINYB...). */
    private String reason;
    /** What the driver said besides the reason: the message has the kind and the reason before it. */
    private String detail;

    public BleException(Kind kind, String detail) {
        super(kind + ": " + detail);
        this.kind = Objects.requireNonNull(kind);
    }

    public BleException(Kind kind, String detail, Throwable cause) {
        super(kind + ": " + detail, cause);
        this.kind = Objects.requireNonNull(kind);
    }

    /** The radio is unavailable for a reason the driver named: the console says it in words. */
    public static BleException unavailable(String reason, String detail) {
        BleException e = new BleException(Kind.ADAPTER_UNAVAILABLE, reason + ": " + detail);
        e.reason = reason;
        e.detail = detail;
        return e;
    }

    public Kind kind() {
        return kind;
    }

    public java.util.Optional<String> reason() {
        return java.util.Optional.ofNullable(reason);
    }

    /** For an {@link #unavailable} failure, what the driver said besides its reason; else the whole message. */
    public String detail() {
        return detail != null ? detail : String.valueOf(getMessage());
    }
}
