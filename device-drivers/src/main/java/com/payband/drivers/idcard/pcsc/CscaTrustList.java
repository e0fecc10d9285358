package com.payband.drivers.idcard.pcsc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.icao.CscaMasterList;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Country Signing CA certificates the console trusts: passive authentication chains a document
 * signer to one of them. Loaded from a folder of certificates ({@code .cer .crt .der .pem}) and ICAO
 * CSCA master lists ({@code .ml}: CMS SignedData of content type id-icao-cscaMasterList, whose
 * signature is checked with the signer certificate it carries before its CSCAs are taken).
 *
 * <p>An empty list is allowed: every document is then NOT_CHECKED, said plainly. A list that holds any
 * CSCA refuses (INVALID) a document signer none of its CSCAs issued, whatever name it gives.
 */
public final class CscaTrustList {

    private static final Logger LOG = LoggerFactory.getLogger(CscaTrustList.class);
    private static final String MASTER_LIST_OID = "2.23.136.1.1.2";

    private final List<X509Certificate> cscas;
    private final List<String> problems;

    private CscaTrustList(List<X509Certificate> cscas, List<String> problems) {
        this.cscas = List.copyOf(cscas);
        this.problems = List.copyOf(problems);
    }

    public static CscaTrustList empty() {
        return new CscaTrustList(List.of(), List.of());
    }

    public static CscaTrustList of(Collection<X509Certificate> cscas) {
        return new CscaTrustList(new ArrayList<>(cscas), List.of());
    }

    /**
     * Every certificate and master list directly in {@code folder}. Files that cannot be read are
     * skipped and named in {@link #problems()}; a missing folder gives an empty list.
     */
    public static CscaTrustList load(Path folder) throws IOException {
        List<X509Certificate> cscas = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            problems.add("no trust folder at " + folder);
            return new CscaTrustList(cscas, problems);
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                try {
                    if (name.endsWith(".ml")) {
                        cscas.addAll(readMasterList(Files.readAllBytes(file)));
                    } else if (name.endsWith(".cer") || name.endsWith(".crt") || name.endsWith(".der")
                            || name.endsWith(".pem")) {
                        cscas.addAll(readCertificates(Files.readAllBytes(file)));
                    }
                } catch (GeneralSecurityException | CMSException | OperatorCreationException
                        | IllegalArgumentException | ClassCastException e) {
                    problems.add(file.getFileName() + ": " + e.getMessage());
                    LOG.warn("trust folder: skipping {}: {}", file.getFileName(), e.toString());
                }
            }
        }
        return new CscaTrustList(cscas, problems);
    }

    /** The CSCAs of an ICAO master list, after checking the list's own signature. */
    public static List<X509Certificate> readMasterList(byte[] encoded)
            throws CMSException, GeneralSecurityException, OperatorCreationException, IOException {
        CMSSignedData signed = new CMSSignedData(encoded);
        if (!MASTER_LIST_OID.equals(signed.getSignedContentTypeOID())) {
            throw new IllegalArgumentException("not a CSCA master list (content type "
                    + signed.getSignedContentTypeOID() + ")");
        }
        for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(signer.getSID());
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("master list without its signer's certificate");
            }
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(matches.iterator().next()))) {
                throw new IllegalArgumentException("master list signature does not verify");
            }
        }
        byte[] content = (byte[]) signed.getSignedContent().getContent();
        CscaMasterList list = CscaMasterList.getInstance(ASN1Primitive.fromByteArray(content));
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : list.getCertStructs()) {
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
            } catch (IOException e) {
                throw new CertificateException("bad certificate in the master list", e);
            }
        }
        return out;
    }

    private static Collection<X509Certificate> readCertificates(byte[] encoded) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(encoded))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate in the file");
        }
        return out;
    }

    public List<X509Certificate> cscas() {
        return cscas;
    }

    public boolean isEmpty() {
        return cscas.isEmpty();
    }

    /** Files of the trust folder that were skipped, with why (no personal data). */
    public List<String> problems() {
        return problems;
    }

    /**
     * The CSCA keys named {@code issuer} that may have signed a document signer: a self-signed CSCA of
     * the list, or a link certificate (a CSCA's new key certified by its old one, as master lists carry
     * them after a key roll-over) that verifies under a self-signed CSCA of the list.
     */
    List<X509Certificate> issuersNamed(X500Principal issuer) {
        return cscas.stream().filter(c -> c.getSubjectX500Principal().equals(issuer))
                .filter(c -> selfSigned(c) || cscas.stream().filter(CscaTrustList::selfSigned)
                        .filter(root -> root.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
                        .anyMatch(root -> signedBy(c, root)))
                .toList();
    }

    private static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, c);
    }

    private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "CscaTrustList[" + cscas.size() + " CSCAs" + (problems.isEmpty() ? "" : ", " + problems.size()
                + " files skipped") + "]";
    }
}
