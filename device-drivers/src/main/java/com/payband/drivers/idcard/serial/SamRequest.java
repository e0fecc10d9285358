package com.payband.drivers.idcard.serial;

import java.util.Arrays;
import java.util.HexFormat;

/** A host-to-reader frame's payload: {@code CMD PARA [data]}. */
public record SamRequest(byte code, byte parameter, byte[] data) {

    public SamRequest {
        data = data.clone();
    }

    public static SamRequest of(SamCommand command) {
        return new SamRequest(command.code(), command.parameter(), new byte[0]);
    }

    /** Reads a payload cut out by {@link FrameDecoder}; null if it is too short to be a command. */
    public static SamRequest fromPayload(byte[] payload) {
        if (payload.length < 2) {
            return null;
        }
        return new SamRequest(payload[0], payload[1], Arrays.copyOfRange(payload, 2, payload.length));
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public byte[] toFrame() {
        byte[] payload = new byte[2 + data.length];
        payload[0] = code;
        payload[1] = parameter;
        System.arraycopy(data, 0, payload, 2, data.length);
        return Frames.encode(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamRequest r && r.code == code && r.parameter == parameter && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * code + parameter) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SamRequest[" + HexFormat.of().toHexDigits(code) + " " + HexFormat.of().toHexDigits(parameter)
                + ", " + data.length + " data bytes]";
    }
}
