package com.payband.band.protocol;

import java.nio.ByteBuffer;
import java.util.UUID;

/** UUIDs as the protocol carries them: 16 bytes, most significant first. */
public final class Uuids {

    private Uuids() {
    }

    public static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    public static UUID of(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    public static final UUID NONE = new UUID(0, 0);
}
