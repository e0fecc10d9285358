package com.payband.drivers.idcard.pcsc;

import com.payband.drivers.idcard.pcsc.PassiveAuthenticationReport.Finding;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.icao.DataGroupHash;
import org.bouncycastle.asn1.icao.LDSSecurityObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * ICAO 9303 Part 11 passive authentication of a chip's data, with BouncyCastle:
 * <ol>
 *   <li>EF.SOD is a CMS SignedData whose content, the LDS security object, lists a hash per data
 *       group: each data group read from the chip must hash to its listed value;</li>
 *   <li>the document signer (DS) certificate in EF.SOD must verify the signature over it;</li>
 *   <li>the DS certificate must be valid today; a trusted CSCA whose subject is its issuer (a
 *       self-signed CSCA of the trust list, or a link certificate it certified) must have signed it,
 *       while that CSCA was valid; and that CSCA must be of the state that issued the document
 *       ({@code C=} against the MRZ's issuing state: ICAO {@code D} is ISO {@code DE}).</li>
 * </ol>
 * Any failure is INVALID, a signer that chains to no trusted CSCA included (a forger names his own CSCA
 * as he likes). NOT_CHECKED means only that this console trusts no CSCA at all. Thread-safe.
 */
public final class PassiveAuthenticator {

    private final CscaTrustList trust;
    private final Clock clock;

    public PassiveAuthenticator(CscaTrustList trust) {
        this(trust, Clock.systemUTC());
    }

    public PassiveAuthenticator(CscaTrustList trust, Clock clock) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CscaTrustList trust() {
        return trust;
    }

    /**
     * @param sod          EF.SOD as read from the chip (tag 77 and all)
     * @param dataGroups   the data groups read, by number (1 for DG1), as read (tag and all)
     * @param issuingState the MRZ's issuing state (ICAO code): the CSCA must be of that state
     */
    public PassiveAuthenticationReport verify(byte[] sod, Map<Integer, byte[]> dataGroups, String issuingState) {
        Objects.requireNonNull(issuingState, "issuingState");
        Objects.requireNonNull(sod, "sod");
        Objects.requireNonNull(dataGroups, "dataGroups");
        // BouncyCastle decodes the ASN.1 of EF.SOD lazily: a malformed part throws (unchecked) when it is reached,
        // so everything read from the structure is read here, before any judgement (found by fuzzing)
        String digest;
        Map<Integer, byte[]> signedHashes = new HashMap<>();
        SignerInformation signer;
        Collection<X509CertificateHolder> matches;
        try {
            CMSSignedData signed = new CMSSignedData(ContentInfo.getInstance(unwrapApplicationTag(sod)));
            LDSSecurityObject securityObject = LDSSecurityObject.getInstance(
                    ASN1Primitive.fromByteArray((byte[]) signed.getSignedContent().getContent()));
            digest = new DefaultAlgorithmNameFinder().getAlgorithmName(
                    securityObject.getDigestAlgorithmIdentifier().getAlgorithm());
            for (DataGroupHash h : securityObject.getDatagroupHash()) {
                signedHashes.put(h.getDataGroupNumber(), h.getDataGroupHashValue().getOctets());
            }
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return PassiveAuthenticationReport.of(Finding.SECURITY_OBJECT_MALFORMED,
                        "EF.SOD has " + signers.size() + " signers, not one");
            }
            signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> found = signed.getCertificates().getMatches(signer.getSID());
            matches = found;
        } catch (CMSException | IOException | RuntimeException e) {
            return PassiveAuthenticationReport.of(Finding.SECURITY_OBJECT_MALFORMED, "EF.SOD: " + e.getMessage());
        }

        // 1. Data-group hashes.
        try {
            for (Map.Entry<Integer, byte[]> dg : new TreeMap<>(dataGroups).entrySet()) {
                byte[] expected = signedHashes.get(dg.getKey());
                if (expected == null) {
                    return PassiveAuthenticationReport.of(Finding.DATA_GROUP_NOT_SIGNED,
                            "EF.SOD lists no hash for DG" + dg.getKey());
                }
                byte[] actual = MessageDigest.getInstance(digest).digest(dg.getValue());
                if (!MessageDigest.isEqual(expected, actual)) {
                    return PassiveAuthenticationReport.of(Finding.DATA_GROUP_ALTERED,
                            "DG" + dg.getKey() + " does not match its " + digest + " hash in EF.SOD");
                }
            }
        } catch (GeneralSecurityException e) {
            return PassiveAuthenticationReport.of(Finding.SECURITY_OBJECT_MALFORMED,
                    "unsupported hash algorithm " + digest);
        }

        // 2. The document signer's signature.
        if (matches.isEmpty()) {
            return PassiveAuthenticationReport.of(Finding.NO_TRUST_ANCHOR,
                    "EF.SOD does not carry its document signer certificate");
        }
        X509Certificate ds;
        try {
            ds = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(ds))) {
                return PassiveAuthenticationReport.of(Finding.SIGNATURE_INVALID,
                        "the document signer's signature over EF.SOD does not verify");
            }
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            return PassiveAuthenticationReport.of(Finding.SIGNATURE_INVALID,
                    "the document signer's signature over EF.SOD does not verify: " + e.getMessage());
        }

        // 3. The signer's certificate is valid and chains to a trusted CSCA of the document's state.
        if (trust.isEmpty()) {
            return PassiveAuthenticationReport.of(Finding.NO_TRUST_ANCHOR,
                    "this console trusts no CSCA (no trust folder): the chip's signer is not checked");
        }
        Instant now = clock.instant();
        if (now.isBefore(ds.getNotBefore().toInstant())) {
            return PassiveAuthenticationReport.of(Finding.SIGNER_NOT_YET_VALID,
                    "the document signer certificate is valid only from " + ds.getNotBefore().toInstant());
        }
        if (now.isAfter(ds.getNotAfter().toInstant())) {
            return PassiveAuthenticationReport.of(Finding.SIGNER_EXPIRED,
                    "the document signer certificate expired on " + ds.getNotAfter().toInstant());
        }
        var candidates = trust.issuersNamed(ds.getIssuerX500Principal());
        if (candidates.isEmpty()) {
            return PassiveAuthenticationReport.of(Finding.SIGNER_NOT_TRUSTED,
                    "the document signer chains to no trusted CSCA (it names " + ds.getIssuerX500Principal().getName()
                            + ")");
        }
        for (X509Certificate csca : candidates) {
            if (!keyIdentifiersAgree(ds, csca)) {
                continue;
            }
            try {
                ds.verify(csca.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                continue;
            }
            if (ds.getNotBefore().before(csca.getNotBefore()) || ds.getNotBefore().after(csca.getNotAfter())) {
                return PassiveAuthenticationReport.of(Finding.SIGNER_OUTSIDE_CSCA_VALIDITY,
                        "the document signer certificate was issued outside its CSCA's validity");
            }
            String country = countryOf(csca);
            if (!IssuingStates.sameState(issuingState, country)) {
                return PassiveAuthenticationReport.of(Finding.SIGNER_OF_ANOTHER_STATE, "a document of "
                        + issuingState.replace("<", "") + " signed under the CSCA of " + country);
            }
            return PassiveAuthenticationReport.of(Finding.VALID,
                    "hashes of DG" + dataGroups.keySet() + ", signature and chain to the CSCA verified");
        }
        return PassiveAuthenticationReport.of(Finding.SIGNER_NOT_ISSUED_BY_CSCA,
                "the document signer certificate was not signed by the trusted CSCA it names");
    }

    /** Where both carry key identifiers they must agree; a CSCA re-keyed under the same name is skipped. */
    private static boolean keyIdentifiersAgree(X509Certificate ds, X509Certificate csca) {
        byte[] aki = ds.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        byte[] ski = csca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (aki == null || ski == null) {
            return true;
        }
        try {
            byte[] keyId = AuthorityKeyIdentifier.getInstance(
                    ASN1Primitive.fromByteArray(org.bouncycastle.asn1.ASN1OctetString.getInstance(aki).getOctets()))
                    .getKeyIdentifierOctets();
            byte[] subjectId = SubjectKeyIdentifier.getInstance(
                    ASN1Primitive.fromByteArray(org.bouncycastle.asn1.ASN1OctetString.getInstance(ski).getOctets()))
                    .getKeyIdentifier();
            return keyId == null || Arrays.equals(keyId, subjectId);
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The {@code C=} of a CSCA's subject; null when it names none. */
    private static String countryOf(X509Certificate csca) {
        try {
            var rdns = X500Name.getInstance(csca.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.C);
            return rdns.length == 0 ? null : rdns[0].getFirst().getValue().toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** EF.SOD is the ContentInfo inside an [APPLICATION 23] (tag 0x77) wrapper. */
    private static ASN1Encodable unwrapApplicationTag(byte[] sod) throws IOException {
        try (ASN1InputStream in = new ASN1InputStream(sod)) {
            ASN1Primitive outer = in.readObject();
            if (outer instanceof ASN1TaggedObject tagged && tagged.getTagClass() == BERTags.APPLICATION) {
                return tagged.getBaseObject().toASN1Primitive();
            }
            return outer;
        }
    }

    @Override
    public String toString() {
        return "PassiveAuthenticator[" + trust + "]";
    }
}
