package com.payband.sync.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two proofs of a registration, HMAC-SHA256 under {@link RegistrationCode#proofKey()}. The console's proves
 * to the backend that it holds the code (over the request it signs, so that nobody can swap in their own key);
 * the backend's proves to the console that the CA it hands over comes from whoever made the code (the call
 * itself cannot authenticate the server: that CA is what every later call is pinned to). Each field is
 * length-prefixed, so that no two different requests share a proof.
 */
public final class RegistrationProof {

    private RegistrationProof() {
    }

    public static String request(byte[] proofKey, String codeId, String name, String csrPem) {
        return mac(proofKey, "request", codeId, name, csrPem);
    }

    public static String response(byte[] proofKey, String consoleId, String certificatePem, String caPem) {
        return mac(proofKey, "response", consoleId, certificatePem, caPem);
    }

    /** Compares in constant time; a null or malformed proof is simply wrong. */
    public static boolean matches(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    private static String mac(byte[] key, String... fields) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (String field : fields) {
                byte[] bytes = (field == null ? "" : field).getBytes(StandardCharsets.UTF_8);
                mac.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                    (byte) (bytes.length >>> 8), (byte) bytes.length});
                mac.update(bytes);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
