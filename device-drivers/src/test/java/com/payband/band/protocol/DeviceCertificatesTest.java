package com.payband.band.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.BandSerial;
import com.payband.drivers.band.sim.BandManufacturer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which certificate chains make a band genuine. */
class DeviceCertificatesTest {

    private static final BandSerial SERIAL = new BandSerial("PB123456");
    private final Instant now = Instant.now();
    private final BandManufacturer maker = BandManufacturer.create("PayBand Devices", now);
    private final DeviceCertificates trusted = new DeviceCertificates(List.of(maker.root()));
    private final byte[] device = encoded(maker, SERIAL);

    @Test
    void aDeviceCertificateOfATrustedManufacturerGivesTheDeviceKey() throws Exception {
        assertThat(trusted.verify(List.of(device), SERIAL, now)).isNotNull();
    }

    @Test
    void everythingElseIsRefused() throws Exception {
        BandManufacturer other = BandManufacturer.create("PayBand Devices", now);
        assertRefused(List.of(encoded(other, SERIAL)), SERIAL, now, "trusted manufacturer");
        assertRefused(List.of(device), new BandSerial("PB654321"), now, "another serial");
        assertRefused(List.of(device), SERIAL, now.plus(Duration.ofDays(365 * 11)), "trusted manufacturer");
        assertRefused(List.of(device), SERIAL, now.minus(Duration.ofDays(2)), "trusted manufacturer");
        assertRefused(List.of(maker.root().getEncoded()), SERIAL, now, "not a device certificate");
        assertRefused(List.of(), SERIAL, now, "chain of 0");
        byte[] tampered = device.clone();
        tampered[tampered.length - 10] ^= 0x01;
        assertThatThrownBy(() -> trusted.verify(List.of(tampered), SERIAL, now)).isInstanceOf(ProtocolException.class);
        assertRefused(List.of(new byte[] {1, 2, 3}), SERIAL, now, "X.509");
    }

    private void assertRefused(List<byte[]> chain, BandSerial serial, Instant at, String why) {
        assertThatThrownBy(() -> trusted.verify(chain, serial, at)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(why);
    }

    private byte[] encoded(BandManufacturer m, BandSerial serial) {
        try {
            return m.certify(serial, P256.generate().getPublic(), now).getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }
}
