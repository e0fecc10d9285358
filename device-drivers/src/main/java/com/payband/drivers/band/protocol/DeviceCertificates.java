package com.payband.drivers.band.protocol;

import com.payband.drivers.band.BandSerial;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
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
 * Checks a band's certificate chain against the manufacturer CAs the console trusts (PKIX): the chain
 * must lead to one of them, be valid now, and the device certificate must name the serial and carry a
 * P-256 key. What passes is the band's attested device key.
 */
public final class DeviceCertificates {

    private final Set<TrustAnchor> anchors;

    public DeviceCertificates(Collection<X509Certificate> manufacturerCas) {
        if (manufacturerCas.isEmpty()) {
            throw new IllegalArgumentException("no manufacturer CA configured");
        }
        this.anchors = manufacturerCas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
    }

    public static X509Certificate parse(byte[] der) throws ProtocolException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ProtocolException("not an X.509 certificate", e);
        }
    }

    /** @return the device's public key, attested by a trusted manufacturer */
    public PublicKey verify(List<byte[]> chain, BandSerial serial, Instant now) throws ProtocolException {
        if (chain.isEmpty()) {
            throw new ProtocolException("no certificate chain");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (byte[] der : chain) {
            certificates.add(parse(der));
        }
        X509Certificate device = certificates.get(0);
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(certificates);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (GeneralSecurityException e) {
            throw new ProtocolException("certificate chain does not lead to a trusted manufacturer", e);
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
}
