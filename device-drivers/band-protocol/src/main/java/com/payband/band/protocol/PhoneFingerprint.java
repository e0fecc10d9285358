package com.payband.band.protocol;

import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 of a phone's public key (64 lower-case hex digits): what a band reports of the phone it is
 * linked to, what the console records with a binding, and what the customer's app shows to compare.
 * It names a phone; it lets nobody act as one.
 */
public record PhoneFingerprint(String hex) {

    public static final int LENGTH = 32;

    public PhoneFingerprint {
        if (hex.length() != LENGTH * 2 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a phone fingerprint is 64 lower-case hex digits");
        }
    }

    public static PhoneFingerprint of(byte[] digest) {
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("a phone fingerprint is 32 bytes");
        }
        return new PhoneFingerprint(HexFormat.of().formatHex(digest));
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** The first 16 hex digits in groups of four, upper case, as the app and the receipt show them. */
    public String shortForm() {
        String s = hex.substring(0, 16).toUpperCase(Locale.ROOT);
        return s.substring(0, 4) + " " + s.substring(4, 8) + " " + s.substring(8, 12) + " " + s.substring(12, 16);
    }
}
