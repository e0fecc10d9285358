package com.payband.drivers.idcard.serial;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A reader-to-host frame's payload: {@code SW1 SW2 SW3 [data]}. SW1 and SW2 are zero in every reader
 * seen; SW3 carries the {@link SamStatus}. Data may hold personal data: never logged.
 */
public record SamResponse(byte sw1, byte sw2, byte sw3, byte[] data) {

    public SamResponse {
        data = data.clone();
    }

    public static SamResponse of(SamStatus status, byte[] data) {
        return new SamResponse((byte) 0, (byte) 0, status.code(), data);
    }

    public static SamResponse of(SamStatus status) {
        return of(status, new byte[0]);
    }

    /** Reads a payload cut out by {@link FrameDecoder}; null if it is too short to be an answer. */
    public static SamResponse fromPayload(byte[] payload) {
        if (payload.length < 3) {
            return null;
        }
        return new SamResponse(payload[0], payload[1], payload[2], Arrays.copyOfRange(payload, 3, payload.length));
    }

    public SamStatus status() {
        return SamStatus.of(sw3);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Data length without copying. */
    public int dataLength() {
        return data.length;
    }

    /** The data without a defensive copy, for decoders in this package. */
    byte[] dataView() {
        return data;
    }

    public byte[] toFrame() {
        byte[] payload = new byte[3 + data.length];
        payload[0] = sw1;
        payload[1] = sw2;
        payload[2] = sw3;
        System.arraycopy(data, 0, payload, 3, data.length);
        return Frames.encode(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamResponse r && r.sw1 == sw1 && r.sw2 == sw2 && r.sw3 == sw3 && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * sw1 + sw2) + sw3) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SamResponse[SW3 " + HexFormat.of().toHexDigits(sw3) + ", " + data.length + " data bytes withheld]";
    }
}
