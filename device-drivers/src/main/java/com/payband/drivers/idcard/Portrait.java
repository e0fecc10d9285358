package com.payband.drivers.idcard;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The holder's photo as the chip stores it. Resident ID cards carry proprietary WLT data that only a
 * licensed decoder can turn into an image; passports carry JPEG or JPEG 2000.
 */
public record Portrait(Format format, byte[] data) {

    public enum Format { WLT, JPEG, JPEG2000, NONE }

    public static final Portrait NONE = new Portrait(Format.NONE, new byte[0]);

    public Portrait {
        java.util.Objects.requireNonNull(format, "format");
        data = java.util.Objects.requireNonNull(data, "data").clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public boolean isPresent() {
        return format != Format.NONE && data.length > 0;
    }

    /** Lower-case hex SHA-256 of the raw bytes; lets staff and scripts compare photos without seeing them. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Portrait p && p.format == format && java.util.Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * format.hashCode() + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Portrait[" + format + ", " + data.length + " bytes]";
    }
}
