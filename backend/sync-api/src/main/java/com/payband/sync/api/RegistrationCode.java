package com.payband.sync.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * A one-time registration code, as an administrator reads it out: six groups of four Crockford base32
 * characters ({@code K7Q2-M9XA-...}). The first group names the code (20 bits, sent to the backend); the other
 * five are its secret (100 bits), which never travels: both ends prove they know it ({@link RegistrationProof}).
 * Typing is forgiving: case, spaces and dashes do not matter, O reads as 0, I and L as 1.
 */
public record RegistrationCode(String id, String secret) {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int ID_LENGTH = 4;
    private static final int SECRET_LENGTH = 20;

    public RegistrationCode {
        if (!wellFormed(id, ID_LENGTH) || !wellFormed(secret, SECRET_LENGTH)) {
            throw new IllegalArgumentException("not a registration code");
        }
    }

    public static RegistrationCode generate(SecureRandom random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ID_LENGTH + SECRET_LENGTH; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new RegistrationCode(b.substring(0, ID_LENGTH), b.substring(ID_LENGTH));
    }

    /**
     * @throws IllegalArgumentException with a message for the person who typed it
     */
    public static RegistrationCode parse(String typed) {
        if (typed == null) {
            throw new IllegalArgumentException("no registration code");
        }
        StringBuilder b = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            char n = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(n) < 0) {
                throw new IllegalArgumentException("a registration code has no '" + c + "'");
            }
            b.append(n);
        }
        if (b.length() != ID_LENGTH + SECRET_LENGTH) {
            throw new IllegalArgumentException("a registration code has " + (ID_LENGTH + SECRET_LENGTH)
                    + " characters, not " + b.length());
        }
        return new RegistrationCode(b.substring(0, ID_LENGTH), b.substring(ID_LENGTH));
    }

    /**
     * The key both proofs are made with. The backend keeps only this, not the secret (which is no safer: it
     * opens the same door, but only until the code is used or expires).
     */
    public byte[] proofKey() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("payband registration code v1\0".getBytes(StandardCharsets.US_ASCII));
            return sha.digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** As printed for the administrator: six dash-separated groups of four. */
    @Override
    public String toString() {
        String all = id + secret;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < all.length(); i += 4) {
            if (i > 0) {
                b.append('-');
            }
            b.append(all, i, i + 4);
        }
        return b.toString();
    }

    private static boolean wellFormed(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
