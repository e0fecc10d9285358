package com.payband.backend.issuer;

import com.payband.backend.store.PrivateFiles;
import com.payband.band.protocol.P256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The issuer's three keys, used where they live and never read out: the root key (P-256) that signs credentials
 * and authorisations and that bands pin at manufacture; the AES-256 key the payment secrets are sealed under; the
 * HMAC key that turns an owner's identity evidence into the reference the issuer keeps. In production they live in
 * an HSM reached through PKCS#11 (the JDK's SunPKCS11; tested on SoftHSM2); the demo backend keeps them in a
 * PKCS#12 file in its data folder ({@code issuer/issuer.p12}, its password beside it) and says so. Missing keys
 * are made on first start, in the token itself.
 */
public final class IssuerKeys {

    static final String ROOT = "payband-issuer-root";
    static final String SECRETS = "payband-payment-secrets";
    static final String IDENTITY = "payband-identity";
    private static final int GCM_NONCE = 12;
    private static final int GCM_TAG_BITS = 128;

    private final Provider provider;
    private final PrivateKey root;
    private final byte[] rootPublicKey;
    private final SecretKey secrets;
    private final SecretKey identity;
    private final boolean software;
    private final SecureRandom random = new SecureRandom();

    private IssuerKeys(Provider provider, PrivateKey root, byte[] rootPublicKey, SecretKey secrets, SecretKey identity,
            boolean software) {
        this.provider = provider;
        this.root = root;
        this.rootPublicKey = rootPublicKey;
        this.secrets = secrets;
        this.identity = identity;
        this.software = software;
    }

    /**
     * The keys in a PKCS#11 token.
     *
     * @param config a SunPKCS11 configuration file (library, slot)
     * @param pin    the token's user PIN
     */
    public static IssuerKeys pkcs11(Path config, char[] pin) throws IOException {
        Provider p;
        try {
            p = Security.getProvider("SunPKCS11").configure(config.toString());
        } catch (ProviderException | IllegalArgumentException e) {
            throw new IOException("the PKCS#11 configuration " + config + " cannot be used: " + rootCause(e), e);
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, pin); // the log-in
            return open(ks, null, p, false, () -> { /* a token keeps what is stored at once */ });
        } catch (GeneralSecurityException | IOException | ProviderException e) {
            throw new IOException("the issuer's token cannot be used (" + rootCause(e) + "): check the PIN and that "
                    + "the token is present", e);
        }
    }

    /** The demo backend's keys, in software, in {@code dir} (made on first use). Never for production. */
    public static IssuerKeys software(Path dir) throws IOException {
        Path file = dir.resolve("issuer.p12");
        Path passFile = dir.resolve("issuer.pass");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            char[] pass;
            if (Files.exists(file)) {
                pass = Files.readString(passFile, StandardCharsets.US_ASCII).trim().toCharArray();
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, pass);
                }
            } else {
                Files.createDirectories(dir);
                pass = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
                PrivateFiles.write(passFile, new String(pass).getBytes(StandardCharsets.US_ASCII));
                ks.load(null, null);
            }
            char[] storePass = pass;
            return open(ks, pass, null, true, () -> {
                Path tmp = dir.resolve("issuer.p12.tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    ks.store(out, storePass);
                }
                PrivateFiles.restrict(tmp);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            });
        } catch (GeneralSecurityException e) {
            throw new IOException("the issuer's key store in " + dir + " cannot be used: " + e.getMessage(), e);
        }
    }

    private interface Persist {
        void run() throws IOException, GeneralSecurityException;
    }

    private static IssuerKeys open(KeyStore ks, char[] pass, Provider p, boolean software, Persist persist)
            throws GeneralSecurityException, IOException {
        KeyStore.ProtectionParameter protection = pass == null ? null : new KeyStore.PasswordProtection(pass);
        boolean made = false;
        if (!ks.containsAlias(ROOT)) {
            KeyPairGenerator g = p == null ? KeyPairGenerator.getInstance("EC") : KeyPairGenerator.getInstance("EC", p);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            // a key entry needs a certificate: the root's own, self-signed in the token
            ks.setKeyEntry(ROOT, pair.getPrivate(), pass, new X509Certificate[] {selfSigned(pair, p)});
            made = true;
        }
        for (String[] secret : new String[][] {{SECRETS, "AES", "256"}, {IDENTITY, "HmacSHA256", "256"}}) {
            if (!ks.containsAlias(secret[0])) {
                KeyGenerator g = p == null ? KeyGenerator.getInstance(secret[1]) : KeyGenerator.getInstance(secret[1], p);
                g.init(Integer.parseInt(secret[2]));
                ks.setEntry(secret[0], new KeyStore.SecretKeyEntry(g.generateKey()), protection);
                made = true;
            }
        }
        if (made) {
            persist.run();
        }
        PrivateKey root = (PrivateKey) ks.getKey(ROOT, pass);
        byte[] rootPublic = P256.encode(ks.getCertificate(ROOT).getPublicKey());
        return new IssuerKeys(p, root, rootPublic, (SecretKey) ks.getKey(SECRETS, pass),
                (SecretKey) ks.getKey(IDENTITY, pass), software);
    }

    private static X509Certificate selfSigned(KeyPair pair, Provider p) throws GeneralSecurityException {
        X500Name name = new X500Name("O=PayBand,CN=PayBand issuer root");
        Instant now = Instant.now();
        try {
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA256withECDSA");
            if (p != null) {
                signer.setProvider(p);
            }
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    BigInteger.ONE, Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(3650 * 2))), name, pair.getPublic())
                    .build(signer.build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("the root key cannot sign its certificate", e);
        }
    }

    /** The root public key (65-byte P-256 point) bands pin. */
    public byte[] rootPublicKey() {
        return rootPublicKey.clone();
    }

    /** True for the demo backend's software keys. */
    public boolean software() {
        return software;
    }

    /** ECDSA P-256 over SHA-256 of {@code data}, DER-encoded, as the band protocol verifies it. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = provider == null ? Signature.getInstance("SHA256withECDSA")
                    : Signature.getInstance("SHA256withECDSA", provider);
            s.initSign(root);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the issuer's root key cannot sign", e);
        }
    }

    /** A payment secret sealed under the secrets key (nonce · AES-GCM), bound to {@code context} (the binding). */
    public byte[] seal(byte[] secret, byte[] context) {
        try {
            byte[] nonce = new byte[GCM_NONCE];
            random.nextBytes(nonce);
            Cipher c = cipher();
            c.init(Cipher.ENCRYPT_MODE, secrets, new GCMParameterSpec(GCM_TAG_BITS, nonce));
            c.updateAAD(context);
            byte[] sealed = c.doFinal(secret);
            byte[] out = Arrays.copyOf(nonce, GCM_NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, GCM_NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the issuer's secrets key cannot seal", e);
        }
    }

    /** Opens what {@link #seal} made for the same context; a sealed secret moved to another binding does not open. */
    public byte[] open(byte[] sealed, byte[] context) throws GeneralSecurityException {
        if (sealed.length <= GCM_NONCE) {
            throw new GeneralSecurityException("not a sealed secret");
        }
        Cipher c = cipher();
        c.init(Cipher.DECRYPT_MODE, secrets, new GCMParameterSpec(GCM_TAG_BITS, sealed, 0, GCM_NONCE));
        c.updateAAD(context);
        return c.doFinal(sealed, GCM_NONCE, sealed.length - GCM_NONCE);
    }

    /** The reference the issuer keeps for an owner's identity evidence: a MAC under its identity key. */
    public byte[] identityReference(byte[] evidence) {
        try {
            Mac m = provider == null ? Mac.getInstance("HmacSHA256") : Mac.getInstance("HmacSHA256", provider);
            m.init(identity);
            return m.doFinal(evidence);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the issuer's identity key cannot be used", e);
        }
    }

    private Cipher cipher() throws GeneralSecurityException {
        return provider == null ? Cipher.getInstance("AES/GCM/NoPadding")
                : Cipher.getInstance("AES/GCM/NoPadding", provider);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
