package com.payband.drivers.idcard.serial;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The identity a SAM reports for command 12 FF: 16 bytes, written as the vendors' tools write it,
 * {@code AA.BB-CCCCCCCC-DDDDDDDDD-EEEEEEEEE} (two two-digit fields, then three little-endian unsigned
 * 32-bit numbers, the last two zero-padded to nine digits).
 *
 * <p>The PayBand reader simulator reports {@code 99.99-…}: the driver marks whatever it reads through
 * such a SAM as simulated, so that a demo card can never pass for a real person's document.
 */
public record SamId(int area, int version, long batch, long serial, long check) {

    public static final int LENGTH = 16;

    /** The first two fields of the simulator's SAM id. */
    public static final int SIMULATOR_AREA = 99;
    public static final int SIMULATOR_VERSION = 99;

    public static SamId decode(byte[] data) {
        if (data.length < LENGTH) {
            throw new IllegalArgumentException("a SAM id has " + LENGTH + " bytes, got " + data.length);
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        return new SamId(b.getShort(0) & 0xFFFF, b.getShort(2) & 0xFFFF, b.getInt(4) & 0xFFFFFFFFL,
                b.getInt(8) & 0xFFFFFFFFL, b.getInt(12) & 0xFFFFFFFFL);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) area).putShort((short) version).putInt((int) batch).putInt((int) serial).putInt((int) check);
        return b.array();
    }

    /** Whether this is the PayBand simulator's SAM. */
    public boolean simulator() {
        return area == SIMULATOR_AREA && version == SIMULATOR_VERSION;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%02d.%02d-%d-%09d-%09d", area, version, batch, serial, check);
    }
}
