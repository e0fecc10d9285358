package com.payband.band.protocol;

import com.payband.band.BandSerial;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Checks a band's certificate chain against the manufacturer CAs the console trusts: every link signed
 * by the next, every certificate valid now, the last one signed by a configured CA, and the device
 * certificate (not a CA, for signatures) naming the serial and carrying a P-256 key. What passes is the
 * band's attested device key.
 */
public final class DeviceCertificates {

    private final Set<TrustAnchor> anchors;

    /** @param manufacturerCas none: no band is genuine (a console that trusts no real manufacturer yet) */
    public DeviceCertificates(Collection<X509Certificate> manufacturerCas) {
        this.anchors = manufacturerCas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
    }

    public static X509Certificate parse(byte[] der) throws ProtocolException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ProtocolException("not an X.509 certificate", e);
        }
    }

    /**
     * @return the device's public key, attested by a trusted manufacturer
     */
    public PublicKey verify(List<byte[]> chain, BandSerial serial, Instant now) throws ProtocolException {
        if (chain.isEmpty() || chain.size() > 3) {
            throw new ProtocolException("certificate chain of " + chain.size() + " certificates");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (byte[] der : chain) {
            certificates.add(parse(der));
        }
        // A band's chain is short and fixed (device, maybe one intermediate, then a configured CA): each
        // link is checked directly, which costs a fraction of a general PKIX path build.
        Date at = Date.from(now);
        try {
            for (int i = 0; i < certificates.size(); i++) {
                X509Certificate cert = certificates.get(i);
                cert.checkValidity(at);
                boolean last = i == certificates.size() - 1;
                if (i > 0 && cert.getBasicConstraints() < 0) {
                    throw new ProtocolException("an intermediate certificate is not a CA");
                }
                if (!last) {
                    X509Certificate next = certificates.get(i + 1);
                    if (!cert.getIssuerX500Principal().equals(next.getSubjectX500Principal())) {
                        throw new ProtocolException("certificate chain is broken");
                    }
                    verifySignature(cert, next.getPublicKey());
                } else {
                    X509Certificate anchor = anchors.stream().map(TrustAnchor::getTrustedCert)
                            .filter(ca -> ca.getSubjectX500Principal().equals(cert.getIssuerX500Principal()))
                            .findFirst()
                            .orElseThrow(() -> new ProtocolException("certificate chain does not lead to a trusted manufacturer"));
                    anchor.checkValidity(at);
                    verifySignature(cert, anchor.getPublicKey());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ProtocolException("certificate chain does not lead to a trusted manufacturer", e);
        }
        X509Certificate device = certificates.get(0);
        boolean[] usage = device.getKeyUsage();
        if (device.getBasicConstraints() >= 0 || usage == null || !usage[0]) {
            throw new ProtocolException("not a device certificate");
        }
        if (!serial.value().equals(commonName(device))) {
            throw new ProtocolException("device certificate names another serial");
        }
        if (!(device.getPublicKey() instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new ProtocolException("device key is not P-256");
        }
        return device.getPublicKey();
    }

    private static String commonName(X509Certificate certificate) throws ProtocolException {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            throw new ProtocolException("device certificate subject unreadable", e);
        }
        throw new ProtocolException("device certificate has no common name");
    }

    /** ECDSA-with-SHA-256 over P-256 (what manufacturers issue) through {@link P256}; anything else the JDK checks. */
    private static void verifySignature(X509Certificate cert, PublicKey issuerKey) throws GeneralSecurityException,
            ProtocolException {
        if ("1.2.840.10045.4.3.2".equals(cert.getSigAlgOID()) && issuerKey instanceof ECPublicKey ec
                && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            if (!P256.verify(issuerKey, cert.getTBSCertificate(), cert.getSignature())) {
                throw new ProtocolException("certificate chain does not lead to a trusted manufacturer");
            }
        } else {
            cert.verify(issuerKey);
        }
    }
}
