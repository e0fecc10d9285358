package com.payband.drivers.band.sim;

import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.BandException;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.band.protocol.DeviceCertificates;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.PhoneKeyCode;
import com.payband.band.protocol.PhoneProof;
import com.payband.band.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/**
 * A phone with the PayBand payment app, simulated: a party with its own P-256 key, made on the phone
 * (SIMULATOR: its file holds the private key in clear). It shows its key as a code for the console to
 * read at enrollment, and talks to bands as any BLE central can: it asks to pair, unlocks with a
 * signature over the band's challenge and the session, and asks for payment codes. The owner's phone
 * and a thief's phone are two instances of this class; only the band decides which one it obeys.
 */
public final class SimulatedPhone {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String label;
    private final KeyPair key;
    private final BleTransport radio;
    private final DeviceCertificates manufacturers;
    private final Clock clock;

    private SimulatedPhone(String label, KeyPair key, BleTransport radio, DeviceCertificates manufacturers, Clock clock) {
        this.label = label;
        this.key = key;
        this.radio = radio;
        this.manufacturers = manufacturers;
        this.clock = clock;
    }

    /** A new phone whose key lives only in memory (tests). */
    public static SimulatedPhone create(String label, BleTransport radio, DeviceCertificates manufacturers, Clock clock) {
        return new SimulatedPhone(label, P256.generate(), radio, manufacturers, clock);
    }

    /** The phone kept in this file, made (with a new key) on first use. */
    public static SimulatedPhone openOrCreate(Path file, String label, BleTransport radio, DeviceCertificates manufacturers,
            Clock clock) throws IOException {
        if (Files.exists(file)) {
            Properties p = SimulatorFiles.load(file);
            try {
                PhoneKey pub = PhoneKey.of(Base64.getDecoder().decode(p.getProperty("publicKey")));
                KeyPair pair = new KeyPair(pub.publicKey(),
                        P256.decodePrivate(Base64.getDecoder().decode(p.getProperty("privateKey"))));
                return new SimulatedPhone(p.getProperty("label", label), pair, radio, manufacturers, clock);
            } catch (GeneralSecurityException | ProtocolException | RuntimeException e) {
                throw new IOException(file.getFileName() + " is not a simulated phone", e);
            }
        }
        SimulatedPhone phone = create(label, radio, manufacturers, clock);
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        p.setProperty("label", label);
        p.setProperty("publicKey", Base64.getEncoder().encodeToString(phone.key().encoded()));
        p.setProperty("privateKey", Base64.getEncoder().encodeToString(phone.key.getPrivate().getEncoded()));
        SimulatorFiles.store(p, file, "Simulated phone with the PayBand app (SIMULATOR: this key is not secret)");
        return phone;
    }

    public String label() {
        return label;
    }

    public PhoneKey key() {
        return PhoneKey.of(key.getPublic());
    }

    /** What the app shows (as a QR code) for the console to read the phone's key, made now. */
    public PhoneKeyCode keyCode() {
        return PhoneKeyCode.create(key, clock.instant());
    }

    /** Asks the band at this address whether this phone is its phone; the band's refusal is thrown. */
    public void pair(String address) throws BandException {
        try (BandClient band = open(address)) {
            band.pairPhone(key());
        }
    }

    /** Unlocks the band on its wearer's wrist for one session: proves this phone holds the linked key. */
    public void unlock(String address) throws BandException {
        try (BandClient band = open(address)) {
            unlock(band);
        }
    }

    /**
     * What the app does at a till: unlocks the worn band and asks it for a payment code in the same
     * session. A phone the band refuses to unlock still asks (as an attacker would); the band's answer to
     * PAYMENT_CODE is what counts and is thrown when it refuses.
     */
    public PaymentCode pay(String address) throws BandException {
        try (BandClient band = open(address)) {
            try {
                unlock(band);
            } catch (BandException refused) {
                if (refused.kind() != BandException.Kind.REFUSED) {
                    throw refused;
                }
            }
            return band.paymentCode();
        }
    }

    /** Gives up this phone's link to the band (the owner moving to a new phone). */
    public void release(String address) throws BandException {
        try (BandClient band = open(address)) {
            band.releasePhone(sign(band, PhoneProof.Purpose.RELEASE));
        }
    }

    private void unlock(BandClient band) throws BandException {
        band.unlock(sign(band, PhoneProof.Purpose.UNLOCK));
    }

    /** Signs the band's fresh challenge in this session, for the binding the band says it holds. */
    private byte[] sign(BandClient band, PhoneProof.Purpose purpose) throws BandException {
        UUID binding = band.info().bindingId().orElse(com.payband.band.protocol.Uuids.NONE);
        byte[] challenge = band.challenge();
        return P256.sign(key.getPrivate(), PhoneProof.toBeSigned(purpose, band.band().serial(), binding, challenge,
                band.sessionId()));
    }

    private BandClient open(String address) throws BandException {
        // the app checks the band is genuine before anything, as the console does
        return BandClient.open(radio, address, manufacturers, clock, TIMEOUT);
    }
}
