package com.payband.console.bands;

import com.payband.band.protocol.DeviceCertificates;
import com.payband.band.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manufacturers trusted for real bands: the roots shipped with the console ({@code trust/band-manufacturers.pem}),
 * never the simulator's, whose key lies in the data folder where anyone with the folder could make "genuine" bands.
 */
public final class BandManufacturers {

    static final String RESOURCE = "/trust/band-manufacturers.pem";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private BandManufacturers() {
    }

    /** The roots shipped with this console; none trusts no real band. */
    public static DeviceCertificates production() {
        try (InputStream in = BandManufacturers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new DeviceCertificates(List.of());
            }
            return new DeviceCertificates(parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificates of a PEM bundle; a block that is no certificate stops the console rather than trust less. */
    static List<X509Certificate> parse(String pem) {
        List<X509Certificate> roots = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            try {
                roots.add(DeviceCertificates.parse(Base64.getMimeDecoder().decode(block.group(1))));
            } catch (ProtocolException | IllegalArgumentException e) {
                throw new IllegalStateException(RESOURCE + ": a block is not an X.509 certificate", e);
            }
        }
        return roots;
    }
}
