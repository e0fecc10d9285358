package com.payband.sync.api;

import java.nio.charset.StandardCharsets;

/**
 * The revocation list's newest entry as the issuer signs it at each answer: its number and hash, and when it was
 * signed (the console's measure of how old its copy is).
 *
 * @param signature ECDSA P-256 (DER, base64) by the issuer's root key over {@link #toBeSigned}
 */
public record RevocationHead(long seq, String hash, String signedAt, String signature) {

    public static byte[] toBeSigned(long seq, String hash, String signedAt) {
        return ("payband-revocation-head-v1\n" + seq + "\n" + hash + "\n" + signedAt).getBytes(StandardCharsets.UTF_8);
    }
}
