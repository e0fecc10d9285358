package com.payband.console.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HMAC-SHA256 under a key that lives outside the database. Used for exact-match lookups of personal
 * data (an ID number has too little entropy for a plain hash: all of them can be hashed in minutes)
 * and for the audit chain.
 */
public final class KeyedHash {

    private final byte[] key;

    public KeyedHash(byte[] key) {
        this.key = key.clone();
    }

    public byte[] mac(byte[] data) {
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(data, 0, data.length);
        byte[] out = new byte[hmac.getMacSize()];
        hmac.doFinal(out, 0);
        return out;
    }

    public String hex(String data) {
        return HexFormat.of().formatHex(mac(data.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time comparison, so that a verifier does not leak how many bytes matched. */
    public static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
