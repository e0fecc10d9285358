package com.payband.band.protocol;

import java.security.PublicKey;
import java.util.Arrays;

/**
 * The public half of a customer's phone key (P-256, made on the phone; its private half never leaves
 * it). A band links exactly one such key, and only inside an issuer-signed BIND or LINK_PHONE; the band
 * then obeys signatures by this key alone (UNLOCK, RELEASE_PHONE). Constructed only from a valid point.
 */
public final class PhoneKey {

    private final byte[] encoded;
    private final PublicKey key;

    private PhoneKey(byte[] encoded, PublicKey key) {
        this.encoded = encoded;
        this.key = key;
    }

    /** @throws ProtocolException when the bytes are not a point of P-256 (an invalid-curve attack included) */
    public static PhoneKey of(byte[] encoded) throws ProtocolException {
        byte[] copy = encoded.clone();
        return new PhoneKey(copy, P256.decode(copy));
    }

    public static PhoneKey of(PublicKey key) {
        return new PhoneKey(P256.encode(key), key);
    }

    /** 65 bytes, uncompressed point. */
    public byte[] encoded() {
        return encoded.clone();
    }

    public PublicKey publicKey() {
        return key;
    }

    public PhoneFingerprint fingerprint() {
        return PhoneFingerprint.of(Crypto.sha256(encoded));
    }

    /** Whether the phone holding this key signed {@code data}. */
    public boolean verify(byte[] data, byte[] signature) {
        return P256.verify(key, data, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhoneKey other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "PhoneKey[" + fingerprint().shortForm() + "]";
    }
}
