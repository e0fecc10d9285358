package com.payband.drivers.band.protocol;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * NIST P-256 as the protocol uses it: 65-byte uncompressed public keys, ECDH, ECDSA with SHA-256 (DER
 * signatures). The JDK's implementation (constant-time, and on every platform the console runs on).
 */
public final class P256 {

    public static final int PUBLIC_KEY_LENGTH = 65;
    private static final ECParameterSpec PARAMS;
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            PARAMS = p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private P256() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every Java platform", e);
        }
    }

    /** 0x04 · x (32) · y (32). */
    public static byte[] encode(PublicKey key) {
        ECPoint w = ((ECPublicKey) key).getW();
        byte[] out = new byte[PUBLIC_KEY_LENGTH];
        out[0] = 4;
        copyUnsigned(w.getAffineX(), out, 1);
        copyUnsigned(w.getAffineY(), out, 33);
        return out;
    }

    public static PublicKey decode(byte[] encoded) throws ProtocolException {
        if (encoded.length != PUBLIC_KEY_LENGTH || encoded[0] != 4) {
            throw new ProtocolException("not an uncompressed P-256 point");
        }
        try {
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(encoded, 1, 33)),
                    new BigInteger(1, Arrays.copyOfRange(encoded, 33, 65)));
            // KeyFactory rejects points that are not on the curve (invalid-curve attacks)
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, PARAMS));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ProtocolException("invalid P-256 public key", e);
        }
    }

    public static PrivateKey decodePrivate(byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    public static byte[] ecdh(PrivateKey mine, PublicKey theirs) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(mine);
            ka.doPhase(theirs, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDH on validated P-256 keys cannot fail", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key, RANDOM);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing with a P-256 key cannot fail", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void copyUnsigned(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int start = b.length > 32 ? b.length - 32 : 0;
        int len = b.length - start;
        System.arraycopy(b, start, out, offset + 32 - len, len);
    }
}
