package com.payband.drivers.idcard.pcsc.sim;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.icao.CscaMasterList;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A test country's eMRTD public-key infrastructure: a Country Signing CA (CSCA) and a Document Signer
 * (DS) it certified, as ICAO 9303 Part 12 lays them out (P-256 ECDSA keys). The virtual passports
 * are signed with it; a console that trusts {@link #csca()} (a trust folder holding it, or the
 * {@link #masterList() master list}) finds their passive authentication VALID.
 *
 * <p>{@link #forger()} makes a document signer whose certificate names this CSCA as its issuer but
 * was signed with another key: what a forger without the CSCA's key can make.
 */
public final class EmrtdPki {

    /** ICAO's id-icao-cscaMasterList content type (2.23.136.1.1.2). */
    public static final ASN1ObjectIdentifier CSCA_MASTER_LIST = new ASN1ObjectIdentifier("2.23.136.1.1.2");

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String country;
    private final KeyPair cscaKey;
    private final X509Certificate csca;
    private final KeyPair dsKey;
    private final X509Certificate ds;

    private EmrtdPki(String country, KeyPair cscaKey, X509Certificate csca, KeyPair dsKey, X509Certificate ds) {
        this.country = country;
        this.cscaKey = cscaKey;
        this.csca = csca;
        this.dsKey = dsKey;
        this.ds = ds;
    }

    /**
     * A new CSCA and DS for {@code country} (two-letter code for the certificates' C=), valid from a
     * day before {@code now} for 15 years (CSCA) and 11 years (DS: signing period plus the longest
     * document validity).
     */
    public static EmrtdPki create(String country, Instant now) {
        return create(country, "CSCA " + country, now);
    }

    /**
     * As {@link #create(String, Instant)}, with the CSCA's common name chosen: a forger's own CSCA for the
     * same state, named differently from the one the console trusts.
     */
    public static EmrtdPki create(String country, String cscaCommonName, Instant now) {
        Objects.requireNonNull(country, "country");
        try {
            KeyPair cscaKey = newKey();
            X500Name cscaName = new X500Name("C=" + country + ", O=PayBand Test, CN=" + cscaCommonName);
            X509Certificate csca = certificate(cscaName, cscaName, cscaKey, cscaKey, now, Duration.ofDays(15 * 366),
                    true);
            KeyPair dsKey = newKey();
            X509Certificate ds = certificate(new X500Name("C=" + country + ", O=PayBand Test, CN=Document Signer "
                    + country), cscaName, dsKey, cscaKey, now, Duration.ofDays(11 * 366), false);
            return new EmrtdPki(country, cscaKey, csca, dsKey, ds);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the test eMRTD PKI", e);
        }
    }

    /**
     * A document signer that claims this CSCA as issuer (same issuer name) but whose certificate was
     * signed by a key of the forger's own.
     */
    public EmrtdPki forger() {
        try {
            KeyPair forgedCsca = newKey();
            KeyPair forgedDsKey = newKey();
            X509Certificate forgedDs = certificate(new X500Name("C=" + country
                    + ", O=PayBand Test, CN=Document Signer " + country), X500Name.getInstance(
                    csca.getSubjectX500Principal().getEncoded()), forgedDsKey, forgedCsca, csca.getPublicKey(),
                    Instant.now(),
                    Duration.ofDays(11 * 366), false);
            return new EmrtdPki(country, forgedCsca, csca, forgedDsKey, forgedDs);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the forged document signer", e);
        }
    }

    /**
     * The CSCA's key roll-over: a new CSCA key under the same name, a link certificate (the new key
     * certified by the old one, as master lists carry it) and a document signer certified by the new
     * key. A console that trusts the old CSCA and the link certificate verifies the new signer.
     */
    public Rollover rollOver(Instant now) {
        try {
            X500Name name = X500Name.getInstance(csca.getSubjectX500Principal().getEncoded());
            KeyPair newKey = newKey();
            X509Certificate link = certificate(name, name, newKey, cscaKey, now, Duration.ofDays(15 * 366), true);
            X509Certificate newCsca = certificate(name, name, newKey, newKey, now, Duration.ofDays(15 * 366), true);
            KeyPair dsKey = newKey();
            X509Certificate newDs = certificate(new X500Name("C=" + country + ", O=PayBand Test, CN=Document Signer "
                    + country + " 2"), name, dsKey, newKey, now, Duration.ofDays(11 * 366), false);
            return new Rollover(new EmrtdPki(country, newKey, newCsca, dsKey, newDs), link);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot roll the CSCA key over", e);
        }
    }

    /** @param after the PKI after the roll-over; @param link the old CSCA's certificate of the new key */
    public record Rollover(EmrtdPki after, X509Certificate link) {
    }

    public String country() {
        return country;
    }

    /** The Country Signing CA certificate: the trust anchor. */
    public X509Certificate csca() {
        return csca;
    }

    public X509Certificate documentSigner() {
        return ds;
    }

    public PrivateKey documentSignerKey() {
        return dsKey.getPrivate();
    }

    /**
     * An ICAO CSCA master list (CMS SignedData, content type id-icao-cscaMasterList) holding this
     * CSCA, signed by a master-list signer certified by it.
     */
    public byte[] masterList() {
        try {
            Instant now = Instant.now();
            KeyPair signerKey = newKey();
            X509Certificate signer = certificate(new X500Name("C=" + country
                    + ", O=PayBand Test, CN=Master List Signer " + country),
                    X500Name.getInstance(csca.getSubjectX500Principal().getEncoded()), signerKey, cscaKey, now,
                    Duration.ofDays(366), false);
            CscaMasterList list = new CscaMasterList(new Certificate[] {Certificate.getInstance(csca.getEncoded())});
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signerKey.getPrivate()), signer));
            generator.addCertificates(new JcaCertStore(List.of(signer)));
            return generator.generate(new CMSProcessableByteArray(CSCA_MASTER_LIST, list.getEncoded()), true)
                    .getEncoded();
        } catch (GeneralSecurityException | IOException | OperatorCreationException | CMSException e) {
            throw new IllegalStateException("cannot make the master list", e);
        }
    }

    /** Writes the CSCA certificate (DER) as {@code csca-<country>.cer} into {@code folder}. */
    public Path writeCsca(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve("csca-" + country.toLowerCase(java.util.Locale.ROOT) + ".cer");
        try {
            Files.write(file, csca.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode the CSCA certificate", e);
        }
        return file;
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name subject, X500Name issuer, KeyPair subjectKey,
            KeyPair issuerKey, Instant now, Duration validity, boolean ca)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        return certificate(subject, issuer, subjectKey, issuerKey, issuerKey.getPublic(), now, validity, ca);
    }

    /** {@code claimedAuthority}: the key the authority key identifier names (a forger copies the real one). */
    private static X509Certificate certificate(X500Name subject, X500Name issuer, KeyPair subjectKey,
            KeyPair issuerKey, java.security.PublicKey claimedAuthority, Instant now, Duration validity, boolean ca)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(validity)), subject, subjectKey.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(subjectKey.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(claimedAuthority));
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        }
        X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(issuerKey.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    @Override
    public String toString() {
        return "EmrtdPki[" + country + "]";
    }
}
