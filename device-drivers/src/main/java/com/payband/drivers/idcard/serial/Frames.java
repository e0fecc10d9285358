package com.payband.drivers.idcard.serial;

import java.util.Objects;

/**
 * The GA/T 467 frame, both directions: {@code AA AA AA 96 69 | LEN (2 bytes, big-endian) | payload |
 * XOR}. LEN counts every byte after itself, checksum included; the checksum is the XOR of the two LEN
 * bytes and the payload. The host's payload is {@code CMD PARA [data]}, the reader's {@code SW1 SW2 SW3
 * [data]}.
 */
public final class Frames {

    /** The five bytes every frame starts with. */
    static final byte[] PREAMBLE = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, 0x69};

    /** Preamble and the two length bytes. */
    public static final int HEADER_LENGTH = PREAMBLE.length + 2;

    /** Smallest LEN: a two-byte host command and the checksum. */
    public static final int MIN_LENGTH = 3;

    /**
     * Largest LEN this driver accepts: the longest answer the protocol defines (text, photo and
     * fingerprint: 3 + 6 + 256 + 1024 + 1024 + 1 = 2314) with room to spare. Anything longer is noise
     * that happened to contain a preamble; waiting for it would stall the line for seconds.
     */
    public static final int MAX_LENGTH = 0x0A00;

    private Frames() {
    }

    /** The whole frame for a payload. */
    public static byte[] encode(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        int length = payload.length + 1;
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes does not fit a frame");
        }
        byte[] frame = new byte[HEADER_LENGTH + length];
        System.arraycopy(PREAMBLE, 0, frame, 0, PREAMBLE.length);
        frame[5] = (byte) (length >>> 8);
        frame[6] = (byte) length;
        System.arraycopy(payload, 0, frame, HEADER_LENGTH, payload.length);
        frame[frame.length - 1] = checksum(frame, 5, frame.length - 1);
        return frame;
    }

    /** XOR of {@code bytes[from..to)}. */
    static byte checksum(byte[] bytes, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            x ^= bytes[i];
        }
        return (byte) x;
    }

    /** Total bytes on the wire for a frame with a payload of {@code payloadLength} bytes. */
    public static int wireLength(int payloadLength) {
        return HEADER_LENGTH + payloadLength + 1;
    }
}
