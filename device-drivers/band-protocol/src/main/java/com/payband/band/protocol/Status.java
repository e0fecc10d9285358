package com.payband.band.protocol;

import java.util.Arrays;

/** The status byte that starts every response (band-gatt-profile.md, status codes). */
public enum Status {
    OK(0x00),
    UNKNOWN_COMMAND(0x01),
    FRAMING_ERROR(0x02),
    MALFORMED(0x03),
    SESSION_ERROR(0x10),
    UNAUTHORISED(0x20),
    CHALLENGE_UNKNOWN(0x21),
    ALREADY_BOUND(0x30),
    PHONE_SLOT_TAKEN(0x31),
    NOT_BOUND(0x32),
    NOT_UNLOCKED(0x40),
    CLOCK_NOT_SET(0x41),
    BATTERY_LOW(0x50),
    INTERNAL_ERROR(0x7F);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Status of(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst().orElse(INTERNAL_ERROR);
    }
}
