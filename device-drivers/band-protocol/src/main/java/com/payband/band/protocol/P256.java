package com.payband.band.protocol;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.util.BigIntegers;

/**
 * NIST P-256 as the protocol uses it: 65-byte uncompressed public keys, ECDH (the 32-byte x coordinate),
 * ECDSA with SHA-256 (DER signatures, deterministic nonces per RFC 6979).
 *
 * <p>Keys are the JDK's types at the edges; the arithmetic is BouncyCastle's dedicated secp256r1 field,
 * measured four to eight times faster than the JDK 17 provider on this hardware: an enrollment makes about
 * fifteen of these operations between console, band and issuer (see benchmarks.md).
 */
public final class P256 {

    public static final int PUBLIC_KEY_LENGTH = 65;
    private static final ECParameterSpec PARAMS;
    private static final ECDomainParameters DOMAIN;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KNOWN_POINTS_KEPT = 256;
    private static final Map<ECPoint, ECPublicKeyParameters> KNOWN_POINTS =
            new LinkedHashMap<>(KNOWN_POINTS_KEPT * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ECPoint, ECPublicKeyParameters> eldest) {
                    return size() > KNOWN_POINTS_KEPT;
                }
            };

    static {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            PARAMS = p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        DOMAIN = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH(), curve.getSeed());
    }

    private P256() {
    }

    public static KeyPair generate() {
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(DOMAIN, RANDOM));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        org.bouncycastle.math.ec.ECPoint q = ((ECPublicKeyParameters) pair.getPublic()).getQ().normalize();
        BigInteger d = ((ECPrivateKeyParameters) pair.getPrivate()).getD();
        try {
            KeyFactory f = KeyFactory.getInstance("EC");
            PublicKey pub = f.generatePublic(new ECPublicKeySpec(
                    new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), PARAMS));
            return new KeyPair(pub, f.generatePrivate(new ECPrivateKeySpec(d, PARAMS)));
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
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 33, 65));
        try {
            // a point off the curve (an invalid-curve attack) is refused here, before any arithmetic
            DOMAIN.validatePublicPoint(DOMAIN.getCurve().validatePoint(x, y));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ProtocolException("invalid P-256 public key", e);
        }
    }

    public static PrivateKey decodePrivate(byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    public static byte[] ecdh(PrivateKey mine, PublicKey theirs) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(privateParameters(mine));
        return BigIntegers.asUnsignedByteArray(32, agreement.calculateAgreement(publicParameters(theirs)));
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, privateParameters(key));
        BigInteger[] rs = signer.generateSignature(Crypto.sha256(data));
        try {
            return StandardDSAEncoding.INSTANCE.encode(DOMAIN.getN(), rs[0], rs[1]);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("DER encoding of a signature cannot fail", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(DOMAIN.getN(), signature);
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, publicParameters(key));
            return verifier.verifySignature(Crypto.sha256(data), rs[0], rs[1]);
        } catch (java.io.IOException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    /**
     * The same few public keys are used again and again (the issuer's root on every band, the manufacturer's
     * CA, a band's device key several times in one enrollment); BouncyCastle keeps its precomputed multiples
     * on the point object, so reusing the object makes each later verification cheaper.
     */
    private static ECPublicKeyParameters publicParameters(PublicKey key) {
        ECPoint w = ((ECPublicKey) key).getW();
        synchronized (KNOWN_POINTS) {
            ECPublicKeyParameters known = KNOWN_POINTS.get(w);
            if (known != null) {
                return known;
            }
        }
        ECPublicKeyParameters p = new ECPublicKeyParameters(DOMAIN.getCurve().validatePoint(w.getAffineX(), w.getAffineY()), DOMAIN);
        synchronized (KNOWN_POINTS) {
            KNOWN_POINTS.put(w, p);
        }
        return p;
    }

    private static ECPrivateKeyParameters privateParameters(PrivateKey key) {
        return new ECPrivateKeyParameters(((ECPrivateKey) key).getS(), DOMAIN);
    }

    private static void copyUnsigned(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int start = b.length > 32 ? b.length - 32 : 0;
        int len = b.length - start;
        System.arraycopy(b, start, out, offset + 32 - len, len);
    }
}
