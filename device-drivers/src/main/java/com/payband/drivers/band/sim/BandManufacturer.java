package com.payband.drivers.band.sim;

import com.payband.band.BandSerial;
import com.payband.band.protocol.P256;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Properties;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A band manufacturer's certificate authority, simulated: it certifies each band's device key under the
 * band's serial. Its root certificate is what a console configures as a trusted manufacturer; a
 * counterfeiter is simply another instance nobody trusts.
 */
public final class BandManufacturer {

    private final String name;
    private final KeyPair key;
    private final X509Certificate root;

    private BandManufacturer(String name, KeyPair key, X509Certificate root) {
        this.name = name;
        this.key = key;
        this.root = root;
    }

    public static BandManufacturer create(String name, Instant now) {
        KeyPair key = P256.generate();
        X500Name subject = new X500Name("CN=" + name + " Device CA, O=" + name);
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365 * 20))), subject,
                    key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
            return new BandManufacturer(name, key, sign(b, key.getPrivate()));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the simulated manufacturer CA", e);
        }
    }

    /** Loads the manufacturer kept in {@code folder}, or creates and keeps a new one there. */
    public static BandManufacturer loadOrCreate(Path folder, String name, Instant now) throws IOException {
        Path file = folder.resolve("manufacturer-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + ".properties");
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            try {
                PrivateKey privateKey = P256.decodePrivate(Base64.getDecoder().decode(p.getProperty("privateKey")));
                X509Certificate root = certificate(Base64.getDecoder().decode(p.getProperty("certificate")));
                return new BandManufacturer(name, new KeyPair(root.getPublicKey(), privateKey), root);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IOException(file.getFileName() + " is damaged", e);
            }
        }
        BandManufacturer m = create(name, now);
        Files.createDirectories(folder);
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("privateKey", Base64.getEncoder().encodeToString(m.key.getPrivate().getEncoded()));
        try {
            p.setProperty("certificate", Base64.getEncoder().encodeToString(m.root.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
        SimulatorFiles.store(p, file, "Simulated band manufacturer CA (SIMULATOR: not a real key)");
        return m;
    }

    public String name() {
        return name;
    }

    public X509Certificate root() {
        return root;
    }

    /** Certifies a band's device key: CN = serial, valid for the band's life. */
    public X509Certificate certify(BandSerial serial, PublicKey deviceKey, Instant now) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(root,
                    new BigInteger(64, new java.security.SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365 * 10))),
                    new X500Name("CN=" + serial.value() + ", O=" + name), deviceKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            return sign(b, key.getPrivate());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot certify a simulated band", e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }
}
