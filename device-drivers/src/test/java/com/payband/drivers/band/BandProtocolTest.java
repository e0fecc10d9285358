package com.payband.drivers.band;

import com.payband.band.BandState;
import com.payband.band.BandSerial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BandInfo;
import com.payband.band.protocol.BindAcknowledgement;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.DeviceCertificates;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.Status;
import com.payband.drivers.band.sim.BandFault;
import com.payband.drivers.band.sim.BandManufacturer;
import com.payband.drivers.band.sim.LinkModel;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedPhone;
import com.payband.drivers.band.sim.SimulatedRadio;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The band protocol end to end over the simulated radio: what works, and every refusal the profile promises. */
class BandProtocolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final BandSerial SERIAL = new BandSerial("PB000001");

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final TestIssuer issuer = new TestIssuer();
    private BandManufacturer manufacturer;
    private DeviceCertificates trusted;
    private SimulatedRadio radio;
    private MeddlingTransport wire;
    private SimulatedBand band;
    private SimulatedPhone owner;

    @BeforeEach
    void setUp() throws Exception {
        manufacturer = BandManufacturer.create("PayBand Devices", clock.instant());
        trusted = new DeviceCertificates(List.of(manufacturer.root()));
        radio = new SimulatedRadio(LinkModel.instant(), clock);
        wire = new MeddlingTransport(radio);
        band = SimulatedBand.manufacture(dir, SERIAL, manufacturer, issuer.root(), clock);
        radio.add(band, -45);
        owner = SimulatedPhone.create("owner", radio, trusted, clock);
    }

    @AfterEach
    void tearDown() {
        radio.close();
    }

    private BandClient open() throws BandException {
        return BandClient.open(wire, band.address(), trusted, clock, TIMEOUT);
    }

    private TestIssuer.Bind bind(BandClient client) throws Exception {
        byte[] challenge = client.challenge();
        TestIssuer.Bind bind = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
        Authorisation auth = issuer.authorise(Command.BIND, SERIAL, challenge, clock.instant().plusSeconds(300),
                bind.request().payload());
        BindAcknowledgement ack = client.bind(auth, bind.request());
        assertThat(ack.verify(P256.decode(client.band().devicePublicKey()), SERIAL, challenge, bind.request().credential()))
                .isTrue();
        return bind;
    }

    private static void refused(ThrowingCallable call, Status status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BandException.class, e -> {
            assertThat(e.kind()).isEqualTo(BandException.Kind.REFUSED);
            assertThat(e.status()).contains(status);
        });
    }

    @Test
    void aGenuineBandAttestsBindsAndThenPaysOnlyOnItsOwnersUnlockedWrist() throws Exception {
        try (BandClient client = open()) {
            assertThat(client.band().serial()).isEqualTo(SERIAL);
            assertThat(client.band().devicePublicKey()).isEqualTo(band.devicePublicKey());
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
            TestIssuer.Bind bind = bind(client);
            BandInfo info = client.info();
            assertThat(info.state()).isEqualTo(BandState.BOUND);
            assertThat(info.bindingId()).contains(bind.bindingId());
            byte[] challenge = client.challenge();
            client.setTime(issuer.authorise(Command.SET_TIME, SERIAL, challenge, clock.instant().plusSeconds(60),
                    BandClient.setTimePayload(clock.instant())), clock.instant());
            refused(client::paymentCode, Status.NOT_UNLOCKED);
            assertThat(client.info().linkedPhone()).contains(owner.key().fingerprint());
        }
        band.putOn();
        PaymentCode first = owner.pay(band.address());
        PaymentCode second = owner.pay(band.address());
        assertThat(second.counter()).isEqualTo(first.counter() + 1);
        assertThat(first.bindingId()).isEqualTo(band.bindingId().orElseThrow());
        assertThat(PaymentCode.decode(first.encode()).encode()).isEqualTo(first.encode());
        assertThat(first.encode()).hasSize(PaymentCode.LENGTH);
        // the console's own session is never unlocked: only the phone's is
        try (BandClient client = open()) {
            refused(client::paymentCode, Status.NOT_UNLOCKED);
        }
        band.takeOff();
        assertThatThrownBy(() -> owner.pay(band.address())).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.status()).contains(Status.NOT_UNLOCKED));
    }

    @Test
    void aCounterfeitBandIsRefusedBeforeAnythingElse() throws Exception {
        BandManufacturer counterfeiter = BandManufacturer.create("PayBand Devices", clock.instant());
        SimulatedBand fake = SimulatedBand.manufacture(dir.resolve("fake"), new BandSerial("PB0000FA"), counterfeiter,
                issuer.root(), clock);
        radio.add(fake, -50);
        assertThatThrownBy(() -> BandClient.open(wire, fake.address(), trusted, clock, TIMEOUT))
                .isInstanceOfSatisfying(BandException.class,
                        e -> assertThat(e.kind()).isEqualTo(BandException.Kind.COUNTERFEIT));
    }

    @Test
    void aReplayedAttestationIsRefused() throws Exception {
        open().close();
        wire.meddle(MeddlingTransport.Meddling.REPLAY_RECORDED_HELLO_REPLY);
        assertThatThrownBy(this::open).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.kind()).isEqualTo(BandException.Kind.COUNTERFEIT));
    }

    @Test
    void aReplayedOrAlteredSessionMessageEndsTheSession() throws Exception {
        try (BandClient client = open()) {
            client.info();
            wire.meddle(MeddlingTransport.Meddling.REPLAY_PREVIOUS_REQUEST);
            assertThatThrownBy(client::info).isInstanceOfSatisfying(BandException.class,
                    e -> assertThat(e.kind()).isEqualTo(BandException.Kind.PROTOCOL));
        }
        wire.meddle(MeddlingTransport.Meddling.NONE);
        try (BandClient client = open()) {
            wire.meddle(MeddlingTransport.Meddling.FLIP_BIT_OF_NEXT_REQUEST);
            assertThatThrownBy(client::info).isInstanceOfSatisfying(BandException.class,
                    e -> assertThat(e.kind()).isEqualTo(BandException.Kind.PROTOCOL));
            wire.meddle(MeddlingTransport.Meddling.NONE);
            assertThatThrownBy(client::info).isInstanceOf(BandException.class);
        }
        try (BandClient client = open()) {
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
        }
    }

    @Test
    void anAlteredResponseIsNoticed() throws Exception {
        try (BandClient client = open()) {
            band.inject(BandFault.GARBLED_RESPONSE);
            assertThatThrownBy(client::info).isInstanceOfSatisfying(BandException.class,
                    e -> assertThat(e.kind()).isEqualTo(BandException.Kind.PROTOCOL));
        }
    }

    @Test
    void aBindWithoutTheIssuersSignatureIsRefused() throws Exception {
        try (BandClient client = open()) {
            byte[] challenge = client.challenge();
            TestIssuer.Bind bind = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            Authorisation forged = TestIssuer.authoriseWith(P256.generate(), Command.BIND, SERIAL, challenge,
                    clock.instant().plusSeconds(300), bind.request().payload());
            refused(() -> client.bind(forged, bind.request()), Status.UNAUTHORISED);
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);

            // a credential the issuer did not sign, under a valid authorisation, is refused too
            TestIssuer other = new TestIssuer();
            TestIssuer.Bind foreign = other.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            byte[] c2 = client.challenge();
            refused(() -> client.bind(issuer.authorise(Command.BIND, SERIAL, c2, clock.instant().plusSeconds(300),
                    foreign.request().payload()), foreign.request()), Status.UNAUTHORISED);
        }
    }

    @Test
    void anExpiredWrongBandOrWrongPayloadAuthorisationIsRefused() throws Exception {
        try (BandClient client = open()) {
            TestIssuer.Bind bind = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            byte[] c1 = client.challenge();
            refused(() -> client.bind(issuer.authorise(Command.BIND, SERIAL, c1, clock.instant().minusSeconds(1),
                    bind.request().payload()), bind.request()), Status.UNAUTHORISED);
            byte[] c2 = client.challenge();
            refused(() -> client.bind(issuer.authorise(Command.BIND, new BandSerial("PB999999"), c2,
                    clock.instant().plusSeconds(300), bind.request().payload()), bind.request()), Status.UNAUTHORISED);
            byte[] c3 = client.challenge();
            TestIssuer.Bind other = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            refused(() -> client.bind(issuer.authorise(Command.BIND, SERIAL, c3, clock.instant().plusSeconds(300),
                    bind.request().payload()), other.request()), Status.UNAUTHORISED);
            byte[] c4 = client.challenge();
            refused(() -> client.bind(issuer.authorise(Command.RESET, SERIAL, c4, clock.instant().plusSeconds(300),
                    bind.request().payload()), bind.request()), Status.UNAUTHORISED);
            // no challenge asked for at all
            refused(() -> client.bind(issuer.authorise(Command.BIND, SERIAL, c4, clock.instant().plusSeconds(300),
                    bind.request().payload()), bind.request()), Status.CHALLENGE_UNKNOWN);
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
        }
    }

    @Test
    void aBoundBandRefusesAnotherBindWhoeverSignedIt() throws Exception {
        try (BandClient client = open()) {
            bind(client);
            byte[] challenge = client.challenge();
            TestIssuer.Bind again = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            refused(() -> client.bind(issuer.authorise(Command.BIND, SERIAL, challenge, clock.instant().plusSeconds(300),
                    again.request().payload()), again.request()), Status.ALREADY_BOUND);
        }
    }

    @Test
    void aResetCannotBeReplayedAndDrawsANewAddress() throws Exception {
        Authorisation reset;
        try (BandClient client = open()) {
            bind(client);
            byte[] c = client.challenge();
            reset = issuer.authorise(Command.RESET, SERIAL, c, clock.instant().plusSeconds(300),
                    BandClient.bindingPayload(band.bindingId().orElseThrow()));
        }
        UUID binding = band.bindingId().orElseThrow();
        String before = band.address();
        try (BandClient client = open()) {
            client.challenge();
            Authorisation replayed = reset;
            refused(() -> client.reset(replayed, binding), Status.UNAUTHORISED);
            assertThat(client.info().state()).isEqualTo(BandState.BOUND);
        }
        try (BandClient client = open()) {
            byte[] c = client.challenge();
            // a reset signed for another binding of this band is refused
            refused(() -> client.reset(issuer.authorise(Command.RESET, SERIAL, c, clock.instant().plusSeconds(300),
                    BandClient.bindingPayload(UUID.randomUUID())), UUID.randomUUID()), Status.UNAUTHORISED);
            byte[] c2 = client.challenge();
            client.reset(issuer.authorise(Command.RESET, SERIAL, c2, clock.instant().plusSeconds(300),
                    BandClient.bindingPayload(binding)), binding);
        }
        assertThat(band.state()).isEqualTo(BandState.FACTORY);
        assertThat(band.address()).isNotEqualTo(before);
        assertThat(band.bindingId()).isEmpty();
        assertThat(band.linkedPhone()).isEmpty();
    }

    @Test
    void theClockIsSetOnlyWithTheIssuersSignatureAndPaymentCodesNeedIt() throws Exception {
        band.setClockOffset(Duration.ofDays(3 * 365), true);
        try (BandClient client = open()) {
            assertThat(client.info().clock()).isAfter(clock.instant().plus(Duration.ofDays(1000)));
            // the band's clock is ahead: a bind authorisation looks expired to it
            TestIssuer.Bind bind = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            byte[] c1 = client.challenge();
            refused(() -> client.bind(issuer.authorise(Command.BIND, SERIAL, c1, clock.instant().plusSeconds(300),
                    bind.request().payload()), bind.request()), Status.UNAUTHORISED);
            byte[] c2 = client.challenge();
            refused(() -> client.setTime(TestIssuer.authoriseWith(P256.generate(), Command.SET_TIME, SERIAL, c2,
                    clock.instant().plusSeconds(60), BandClient.setTimePayload(clock.instant())), clock.instant()),
                    Status.UNAUTHORISED);
            byte[] c3 = client.challenge();
            client.setTime(issuer.authorise(Command.SET_TIME, SERIAL, c3, clock.instant().plusSeconds(60),
                    BandClient.setTimePayload(clock.instant())), clock.instant());
            assertThat(Duration.between(clock.instant(), client.info().clock()).abs()).isLessThan(Duration.ofSeconds(5));
            bind(client);
        }
    }

    @Test
    void aLowBatteryBandRefusesToBind() throws Exception {
        band.setBattery(5);
        try (BandClient client = open()) {
            byte[] c = client.challenge();
            TestIssuer.Bind bind = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            refused(() -> client.bind(issuer.authorise(Command.BIND, SERIAL, c, clock.instant().plusSeconds(300),
                    bind.request().payload()), bind.request()), Status.BATTERY_LOW);
        }
    }

    @Test
    void aLinkLostAfterTheBandAppliedABindLeavesItBoundToThatBinding() throws Exception {
        band.inject(BandFault.DROP_LINK_AFTER_BIND);
        TestIssuer.Bind bind;
        try (BandClient client = open()) {
            byte[] c = client.challenge();
            bind = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            TestIssuer.Bind b = bind;
            assertThatThrownBy(() -> client.bind(issuer.authorise(Command.BIND, SERIAL, c, clock.instant().plusSeconds(300),
                    b.request().payload()), b.request())).isInstanceOfSatisfying(BandException.class,
                            e -> assertThat(e.kind()).isEqualTo(BandException.Kind.LINK_LOST));
        }
        try (BandClient client = open()) {
            assertThat(client.info().bindingId()).contains(bind.bindingId());
        }
    }

    @Test
    void aLinkLostBeforeTheBandAppliedABindLeavesItFactoryNew() throws Exception {
        band.inject(BandFault.DROP_LINK_BEFORE_BIND);
        try (BandClient client = open()) {
            byte[] c = client.challenge();
            TestIssuer.Bind bind = issuer.bind(SERIAL, client.band().devicePublicKey(), clock.instant(), owner.key());
            assertThatThrownBy(() -> client.bind(issuer.authorise(Command.BIND, SERIAL, c, clock.instant().plusSeconds(300),
                    bind.request().payload()), bind.request())).isInstanceOfSatisfying(BandException.class,
                            e -> assertThat(e.kind()).isEqualTo(BandException.Kind.LINK_LOST));
        }
        try (BandClient client = open()) {
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
        }
    }

    @Test
    void aBandKeepsItsStateAcrossRestartsOfTheProgram() throws Exception {
        UUID bindingId;
        try (BandClient client = open()) {
            bindingId = bind(client).bindingId();
        }
        radio.close();
        SimulatedBand reloaded = SimulatedBand.load(dir.resolve(SERIAL.value() + ".properties"), clock);
        assertThat(reloaded.state()).isEqualTo(BandState.BOUND);
        assertThat(reloaded.bindingId()).contains(bindingId);
        assertThat(reloaded.devicePublicKey()).isEqualTo(band.devicePublicKey());
        radio = new SimulatedRadio(LinkModel.instant(), clock);
        radio.add(reloaded, -40);
        try (BandClient client = BandClient.open(radio, reloaded.address(), trusted, clock, TIMEOUT)) {
            assertThat(client.info().bindingId()).contains(bindingId);
        }
    }

    @Test
    void aDamagedBandFileOrOneOfProtocolOneIsNotLoaded() throws Exception {
        String flash = java.nio.file.Files.readString(dir.resolve(SERIAL.value() + ".properties"));
        for (String[] edit : new String[][] {{"state=FACTORY", "state=BOUND", "damaged"}, {"protocol=2", "protocol=1", "protocol 1"}}) {
            java.nio.file.Path file = dir.resolve("PB00000D.properties");
            java.nio.file.Files.writeString(file, flash.replace(edit[0], edit[1]));
            assertThatThrownBy(() -> SimulatedBand.load(file, clock)).hasMessageContaining(edit[2]);
        }
    }

    @Test
    void advertisementsCarrySerialStateAndBattery() throws Exception {
        java.util.concurrent.CompletableFuture<BandAdvertisement> seen = new java.util.concurrent.CompletableFuture<>();
        try (BleTransportScan scan = new BleTransportScan(radio.scan(ad -> BandAdvertisement.of(ad).ifPresent(seen::complete)))) {
            BandAdvertisement ad = seen.get(3, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(ad.serial()).isEqualTo(SERIAL);
            assertThat(ad.state()).isEqualTo(BandState.FACTORY);
            assertThat(ad.batteryPercent()).hasValue(80);
            assertThat(ad.rssi()).isBetween(-48, -42);
            assertThat(ad.address()).isEqualTo(band.address());
        }
    }

    @Test
    void theSessionWorksAtTheSmallestMtuToo() throws Exception {
        radio.close();
        radio = new SimulatedRadio(new LinkModel(Duration.ofMillis(30), 23, 0, Duration.ofMillis(100)), clock);
        radio.add(band, -60);
        try (BandClient client = BandClient.open(radio, band.address(), trusted, clock, TIMEOUT)) {
            assertThat(client.info().state()).isEqualTo(BandState.FACTORY);
        }
        assertThat(radio.traffic().writes()).isGreaterThan(5);
    }

    /** Adapts a scan to try-with-resources in this test. */
    private record BleTransportScan(com.payband.drivers.band.ble.BleTransport.Scan scan) implements AutoCloseable {
        @Override
        public void close() {
            scan.close();
        }
    }

    @Test
    void aBandOutOfRangeIsNotFound() {
        radio.remove(SERIAL);
        assertThatThrownBy(this::open).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.kind()).isEqualTo(BandException.Kind.NOT_FOUND));
        assertThat(Instant.now()).isNotNull();
    }
}
