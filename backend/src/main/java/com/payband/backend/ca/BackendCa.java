package com.payband.backend.ca;

import com.payband.backend.store.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
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
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The backend's certificate authority: it issues each registered console its TLS client certificate, and this
 * backend its TLS server certificate, so that a console pins one certificate (this CA's) for both directions.
 * The demo backend keeps the CA key in a PKCS#12 file in its data folder ({@code ca/ca.p12}, its password in
 * {@code ca/ca.pass}, both readable only by the backend's user); instances in front of one database share that
 * folder.
 */
public final class BackendCa {

    /** A console's client certificate lasts a year; it renews before that. */
    public static final Duration CONSOLE_VALIDITY = Duration.ofDays(365);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(90);
    private static final String ALIAS = "ca";
    private static final String SIGNATURE = "SHA256withECDSA";

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private BackendCa(PrivateKey key, X509Certificate certificate, Clock clock) {
        this.key = key;
        this.certificate = certificate;
        this.clock = clock;
    }

    /** Loads the CA from {@code dir}, or makes one there (a new backend). */
    public static BackendCa openOrCreate(Path dir, Clock clock) throws IOException {
        Path store = dir.resolve("ca.p12");
        Path passFile = dir.resolve("ca.pass");
        try {
            if (Files.exists(store)) {
                char[] pass = Files.readString(passFile, StandardCharsets.US_ASCII).trim().toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    ks.load(in, pass);
                }
                return new BackendCa((PrivateKey) ks.getKey(ALIAS, pass), (X509Certificate) ks.getCertificate(ALIAS),
                        clock);
            }
            Files.createDirectories(dir);
            KeyPair pair = p256();
            Instant now = clock.instant();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "PayBand")
                    .addRDN(BCStyle.CN, "PayBand backend CA " + UUID.randomUUID().toString().substring(0, 8)).build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), name,
                    pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate());
            char[] pass = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, pair.getPrivate(), pass, new X509Certificate[] {cert});
            PrivateFiles.write(passFile, new String(pass).getBytes(StandardCharsets.US_ASCII));
            Path tmp = dir.resolve("ca.p12.tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, pass);
            }
            PrivateFiles.restrict(tmp);
            Files.move(tmp, store, StandardCopyOption.ATOMIC_MOVE);
            return new BackendCa(pair.getPrivate(), cert, clock);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("the backend's CA in " + dir + " cannot be used: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A console's client certificate for the key in its request.
     *
     * @throws CsrException when the request is not PEM, not self-signed by its key, or not for a P-256 key
     */
    public X509Certificate issueConsole(String csrPem, UUID consoleId, String name) throws CsrException {
        PublicKey subjectKey = verifiedKey(csrPem);
        Instant now = clock.instant();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "PayBand console")
                .addRDN(BCStyle.OU, name).addRDN(BCStyle.CN, consoleId.toString()).build();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CONSOLE_VALIDITY)), subject,
                    subjectKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            return sign(b, key);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("issuing a console certificate failed", e);
        }
    }

    /**
     * A fresh TLS server identity for this run (a new key each start): a PKCS#12 key store with the key, its
     * certificate for localhost, the loopback addresses and {@code hostNames}, and this CA.
     */
    public KeyStore serverKeyStore(char[] password, List<String> hostNames) {
        try {
            KeyPair pair = p256();
            Instant now = clock.instant();
            List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")));
            for (String h : hostNames) {
                names.add(new GeneralName(h.matches("[0-9.]+|.*:.*") ? GeneralName.iPAddress : GeneralName.dNSName, h));
            }
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "PayBand")
                    .addRDN(BCStyle.CN, "PayBand backend").build();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(SERVER_VALIDITY)), subject,
                    pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            X509Certificate cert = sign(b, key);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", pair.getPrivate(), password, new X509Certificate[] {cert, certificate});
            return ks;
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("making the server certificate failed", e);
        }
    }

    /** A key store with this CA as the only trust anchor (for client certificates). */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", certificate);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate cert) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(cert);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    public static X509Certificate parseCertificate(String pem) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        return (X509Certificate) cf.generateCertificate(
                new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The P-256 key a PEM certificate request is for, once the request is shown to be signed by that key.
     *
     * @throws CsrException for anything else, with the reason
     */
    public static PublicKey verifiedKey(String csrPem) throws CsrException {
        if (csrPem == null || csrPem.length() > 8192) {
            throw new CsrException("no certificate request, or one too long");
        }
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new CsrException("the certificate request is not PEM");
        }
        if (!(parsed instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest raw)) {
            throw new CsrException("the PEM holds no PKCS#10 certificate request");
        }
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(raw);
            PublicKey key = csr.getPublicKey();
            if (!(key instanceof ECPublicKey ec) || !ec.getParams().getCurve().equals(P256_CURVE)) {
                throw new CsrException("the request is not for a P-256 key");
            }
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new CsrException("the request is not signed by its own key");
            }
            return key;
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException | RuntimeException e) {
            throw new CsrException("the certificate request cannot be verified: " + e.getMessage());
        }
    }

    private static final java.security.spec.EllipticCurve P256_CURVE = p256Curve();

    private static java.security.spec.EllipticCurve p256Curve() {
        try {
            return ((ECPublicKey) p256().getPublic()).getParams().getCurve();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair p256() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    /** A certificate request that cannot be accepted; the message says why. */
    public static final class CsrException extends Exception {
        public CsrException(String message) {
            super(message);
        }
    }
}
