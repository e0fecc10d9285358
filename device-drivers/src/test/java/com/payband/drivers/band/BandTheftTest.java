package com.payband.drivers.band;

import com.payband.band.BandState;
import com.payband.band.BandSerial;
import static com.payband.drivers.TestBytes.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BandInfo;
import com.payband.band.protocol.BindAcknowledgement;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.DeviceCertificates;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.PhoneProof;
import com.payband.band.protocol.Status;
import com.payband.drivers.band.sim.BandManufacturer;
import com.payband.drivers.band.sim.LinkModel;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedPhone;
import com.payband.drivers.band.sim.SimulatedRadio;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anti-theft promise tried as attackers would, over the real protocol and the band simulator: a
 * thief holding the band, a thief's phone that reads everything the band reveals, a band paired on the
 * shelf, replayed phone signatures and issuer authorisations. The owner's phone is a party with its own
 * key; every attack must fail and leave the owner's link and lock as they were.
 */
class BandTheftTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final BandSerial SERIAL = new BandSerial("PB000007");

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final TestIssuer issuer = new TestIssuer();
    private DeviceCertificates trusted;
    private BandManufacturer manufacturer;
    private SimulatedRadio radio;
    private SimulatedBand band;
    /** The owner's phone key, held here so that the test can play the phone on the raw protocol too. */
    private final KeyPair ownerKey = P256.generate();
    private SimulatedPhone thief;

    @BeforeEach
    void setUp() throws Exception {
        manufacturer = BandManufacturer.create("PayBand Devices", clock.instant());
        trusted = new DeviceCertificates(List.of(manufacturer.root()));
        radio = new SimulatedRadio(LinkModel.instant(), clock);
        band = SimulatedBand.manufacture(dir, SERIAL, manufacturer, issuer.root(), clock);
        radio.add(band, -45);
        thief = SimulatedPhone.create("thief", radio, trusted, clock);
    }

    @AfterEach
    void tearDown() {
        radio.close();
    }

    private BandClient open() throws BandException {
        return BandClient.open(radio, band.address(), trusted, clock, TIMEOUT);
    }

    private PhoneKey owner() {
        return PhoneKey.of(ownerKey.getPublic());
    }

    /** The issuer binds the band to the owner's phone key; the clock is set so that codes can be made. */
    private UUID bindToOwner(SimulatedBand target, PhoneKey phone) throws Exception {
        try (BandClient c = BandClient.open(radio, target.address(), trusted, clock, TIMEOUT)) {
            byte[] t = c.challenge();
            c.setTime(issuer.authorise(Command.SET_TIME, target.serial(), t, clock.instant().plusSeconds(60),
                    BandClient.setTimePayload(clock.instant())), clock.instant());
            byte[] challenge = c.challenge();
            TestIssuer.Bind bind = issuer.bind(target.serial(), c.band().devicePublicKey(), clock.instant(), phone);
            BindAcknowledgement ack = c.bind(issuer.authorise(Command.BIND, target.serial(), challenge,
                    clock.instant().plusSeconds(120), bind.request().payload()), bind.request());
            assertThat(ack.verify(P256.decode(c.band().devicePublicKey()), target.serial(), challenge,
                    bind.request().credential())).isTrue();
            return bind.bindingId();
        }
    }

    /** The owner's phone signature over this session's fresh challenge. */
    private static byte[] proof(KeyPair phone, BandClient c, PhoneProof.Purpose purpose, UUID binding) throws BandException {
        return P256.sign(phone.getPrivate(), PhoneProof.toBeSigned(purpose, c.band().serial(), binding, c.challenge(),
                c.sessionId()));
    }

    private static void refused(ThrowingCallable call, Status status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BandException.class, e -> {
            assertThat(e.kind()).isEqualTo(BandException.Kind.REFUSED);
            assertThat(e.status()).contains(status);
        });
    }

    /** The owner unlocks in a fresh session and gets a code: the lock still works for its owner. */
    private PaymentCode ownerPays(UUID binding) throws Exception {
        try (BandClient c = open()) {
            c.unlock(proof(ownerKey, c, PhoneProof.Purpose.UNLOCK, binding));
            return c.paymentCode();
        }
    }

    @Test
    void aThiefsPhoneThatReadsEverythingTheBandRevealsCannotUnlockPayOrPair() throws Exception {
        UUID binding = bindToOwner(band, owner());
        band.putOn();
        PaymentCode before = ownerPays(binding);

        // the thief now wears the band; everything it says to anyone, the thief reads
        byte[] advertisement = BandAdvertisement.manufacturerData(SERIAL, BandState.BOUND, band.battery());
        try (BandClient c = open()) {
            BandInfo info = c.info();
            byte[] status = readStatus(c);
            List<BandClient.LogEntry> log = c.errorLog();
            assertThat(info.linkedPhone()).contains(owner().fingerprint());
            // nothing revealed carries the owner's key itself, let alone anything that signs as the phone
            for (byte[] revealed : List.of(info.encode(), status, advertisement)) {
                assertThat(indexOf(revealed, owner().encoded())).isEqualTo(-1);
            }
            assertThat(log).isNotNull();

            refused(c::paymentCode, Status.NOT_UNLOCKED);
            // the thief's own key, a garbage signature, a signature without a challenge
            refused(() -> c.unlock(proof(thiefKey(), c, PhoneProof.Purpose.UNLOCK, binding)), Status.UNAUTHORISED);
            refused(() -> c.unlock(new byte[70]), Status.CHALLENGE_UNKNOWN);
            c.challenge();
            refused(() -> c.unlock("let me in".getBytes(StandardCharsets.US_ASCII)), Status.UNAUTHORISED);
            refused(c::paymentCode, Status.NOT_UNLOCKED);
            // claiming the owner's public key (were it known) is not holding its private half
            c.pairPhone(owner());
            refused(c::paymentCode, Status.NOT_UNLOCKED);
            refused(() -> c.pairPhone(thief.key()), Status.PHONE_SLOT_TAKEN);
            refused(() -> c.releasePhone(proof(thiefKey(), c, PhoneProof.Purpose.RELEASE, binding)), Status.UNAUTHORISED);
        }
        // the thief's app, as a user would run it
        assertThatThrownBy(() -> thief.pair(band.address())).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.status()).contains(Status.PHONE_SLOT_TAKEN));
        assertThatThrownBy(() -> thief.unlock(band.address())).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.status()).contains(Status.UNAUTHORISED));
        assertThatThrownBy(() -> thief.pay(band.address())).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.status()).contains(Status.NOT_UNLOCKED));

        assertThat(band.linkedPhone()).contains(owner());
        // no code was made for the thief: the owner's next one follows the owner's last
        assertThat(ownerPays(binding).counter()).isEqualTo(before.counter() + 1);
    }

    @Test
    void anUnlockSignatureCountsOnceInItsOwnSessionAndNowhereElse() throws Exception {
        UUID binding = bindToOwner(band, owner());
        band.putOn();
        byte[] captured;
        try (BandClient owners = open()) {
            captured = proof(ownerKey, owners, PhoneProof.Purpose.UNLOCK, binding);
            owners.unlock(captured);
            owners.paymentCode();
            // the same signature again in the same session: its challenge is spent
            refused(() -> owners.unlock(captured), Status.CHALLENGE_UNKNOWN);
            owners.challenge();
            refused(() -> owners.unlock(captured), Status.UNAUTHORISED);
        }
        try (BandClient thiefs = open()) {
            // replayed in another session, with or without a fresh challenge
            refused(() -> thiefs.unlock(captured), Status.CHALLENGE_UNKNOWN);
            byte[] challenge = thiefs.challenge();
            refused(() -> thiefs.unlock(captured), Status.UNAUTHORISED);
            // relayed: the owner's phone signs the thief's challenge, but in its own session with the band
            byte[] otherSession = new byte[32];
            otherSession[0] = 1;
            byte[] relayed = P256.sign(ownerKey.getPrivate(), PhoneProof.toBeSigned(PhoneProof.Purpose.UNLOCK, SERIAL,
                    binding, challenge, otherSession));
            byte[] fresh = thiefs.challenge();
            refused(() -> thiefs.unlock(relayed), Status.UNAUTHORISED);
            // a RELEASE signature is not an UNLOCK, nor the other way round
            byte[] release = P256.sign(ownerKey.getPrivate(), PhoneProof.toBeSigned(PhoneProof.Purpose.RELEASE, SERIAL,
                    binding, thiefs.challenge(), thiefs.sessionId()));
            refused(() -> thiefs.unlock(release), Status.UNAUTHORISED);
            assertThat(fresh).isNotEqualTo(challenge);
            refused(thiefs::paymentCode, Status.NOT_UNLOCKED);
        }
        assertThat(band.linkedPhone()).contains(owner());
    }

    @Test
    void aFactoryNewBandRefusesEveryPhoneAndTakesOnlyTheOwnersThroughTheIssuersBind() throws Exception {
        assertThatThrownBy(() -> thief.pair(band.address())).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.status()).contains(Status.NOT_BOUND));
        assertThatThrownBy(() -> thief.unlock(band.address())).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.status()).contains(Status.NOT_BOUND));
        assertThatThrownBy(() -> thief.pay(band.address())).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.status()).contains(Status.NOT_BOUND));
        assertThat(band.linkedPhone()).isEmpty();

        // the shelf attack: a thief who tried to pair before the sale does not end up with the link
        UUID binding = bindToOwner(band, owner());
        assertThat(band.linkedPhone()).contains(owner());
        assertThatThrownBy(() -> thief.pair(band.address())).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.status()).contains(Status.PHONE_SLOT_TAKEN));
        band.putOn();
        assertThat(ownerPays(binding).bindingId()).isEqualTo(binding);
    }

    @Test
    void aBandWithThePairingFlawReportsTheThiefsPhoneInItsSignedAcknowledgement() throws Exception {
        band.flawPairsAnyPhone();
        thief.pair(band.address()); // the flaw: an empty slot is filled without the issuer
        try (BandClient c = open()) {
            byte[] challenge = c.challenge();
            TestIssuer.Bind bind = issuer.bind(SERIAL, c.band().devicePublicKey(), clock.instant(), owner());
            BindAcknowledgement ack = c.bind(issuer.authorise(Command.BIND, SERIAL, challenge,
                    clock.instant().plusSeconds(120), bind.request().payload()), bind.request());
            // the band says, under its device key, which phone it is linked to: the console can refuse it
            assertThat(ack.verify(P256.decode(c.band().devicePublicKey()), SERIAL, challenge, bind.request().credential()))
                    .isTrue();
            assertThat(ack.linkedPhone()).contains(thief.key().fingerprint()).isNotEqualTo(owner().fingerprint());
            assertThat(c.info().linkedPhone()).contains(thief.key().fingerprint());
        }
    }

    @Test
    void onlyTheIssuerForThatBindingOrTheOwnersPhoneFreesTheSlot() throws Exception {
        UUID binding = bindToOwner(band, owner());
        KeyPair newPhone = P256.generate();
        try (BandClient c = open()) {
            // a rogue console's own key, or the issuer's signature for another binding of this band
            byte[] c1 = c.challenge();
            refused(() -> c.unlinkPhone(TestIssuer.authoriseWith(P256.generate(), Command.UNLINK_PHONE, SERIAL, c1,
                    clock.instant().plusSeconds(60), BandClient.bindingPayload(binding)), binding), Status.UNAUTHORISED);
            byte[] c2 = c.challenge();
            UUID other = UUID.randomUUID();
            refused(() -> c.unlinkPhone(issuer.authorise(Command.UNLINK_PHONE, SERIAL, c2, clock.instant().plusSeconds(60),
                    BandClient.bindingPayload(other)), other), Status.UNAUTHORISED);
            // a second phone cannot be linked while the owner's is
            byte[] c3 = c.challenge();
            PhoneKey second = PhoneKey.of(newPhone.getPublic());
            refused(() -> c.linkPhone(issuer.authorise(Command.LINK_PHONE, SERIAL, c3, clock.instant().plusSeconds(60),
                    BandClient.linkPhonePayload(binding, second)), binding, second), Status.PHONE_SLOT_TAKEN);
            // the owner's phone releases its link
            c.releasePhone(proof(ownerKey, c, PhoneProof.Purpose.RELEASE, binding));
        }
        assertThat(band.linkedPhone()).isEmpty();
        // an empty slot is not the thief's to take: only the issuer links a phone
        assertThatThrownBy(() -> thief.pair(band.address())).isInstanceOfSatisfying(BandException.class,
                e -> assertThat(e.status()).contains(Status.UNAUTHORISED));
        PhoneKey second = PhoneKey.of(newPhone.getPublic());
        try (BandClient c = open()) {
            byte[] c1 = c.challenge();
            refused(() -> c.linkPhone(TestIssuer.authoriseWith(P256.generate(), Command.LINK_PHONE, SERIAL, c1,
                    clock.instant().plusSeconds(60), BandClient.linkPhonePayload(binding, thief.key())), binding,
                    thief.key()), Status.UNAUTHORISED);
            // the issuer signed the owner's new phone; swapping in the thief's key breaks the payload hash
            byte[] c2 = c.challenge();
            Authorisation forSecond = issuer.authorise(Command.LINK_PHONE, SERIAL, c2, clock.instant().plusSeconds(60),
                    BandClient.linkPhonePayload(binding, second));
            refused(() -> c.linkPhone(forSecond, binding, thief.key()), Status.UNAUTHORISED);
            byte[] c3 = c.challenge();
            c.linkPhone(issuer.authorise(Command.LINK_PHONE, SERIAL, c3, clock.instant().plusSeconds(60),
                    BandClient.linkPhonePayload(binding, second)), binding, second);
        }
        assertThat(band.linkedPhone()).contains(second);
        band.putOn();
        try (BandClient c = open()) {
            refused(() -> c.unlock(proof(ownerKey, c, PhoneProof.Purpose.UNLOCK, binding)), Status.UNAUTHORISED);
            c.unlock(proof(newPhone, c, PhoneProof.Purpose.UNLOCK, binding));
            assertThat(c.paymentCode().bindingId()).isEqualTo(binding);
            // and the issuer can free the slot for that binding (the support desk's unlink)
            byte[] c4 = c.challenge();
            c.unlinkPhone(issuer.authorise(Command.UNLINK_PHONE, SERIAL, c4, clock.instant().plusSeconds(60),
                    BandClient.bindingPayload(binding)), binding);
        }
        assertThat(band.linkedPhone()).isEmpty();
    }

    @Test
    void issuerAuthorisationsCannotBeReplayedNorMovedToAnotherBand() throws Exception {
        SimulatedBand second = SimulatedBand.manufacture(dir.resolve("second"), new BandSerial("PB000008"), manufacturer,
                issuer.root(), clock);
        radio.add(second, -50);
        UUID binding = bindToOwner(band, owner());
        UUID secondBinding = bindToOwner(second, owner());
        PhoneKey thiefs = thief.key();
        Authorisation linkOnFirst;
        try (BandClient c = open()) {
            byte[] challenge = c.challenge();
            Authorisation unlink = issuer.authorise(Command.UNLINK_PHONE, SERIAL, challenge, clock.instant().plusSeconds(60),
                    BandClient.bindingPayload(binding));
            c.unlinkPhone(unlink, binding);
            // replayed in the same session: its challenge is spent
            refused(() -> c.unlinkPhone(unlink, binding), Status.CHALLENGE_UNKNOWN);
            byte[] next = c.challenge();
            linkOnFirst = issuer.authorise(Command.LINK_PHONE, SERIAL, next, clock.instant().plusSeconds(60),
                    BandClient.linkPhonePayload(binding, thiefs));
            // (never sent: a thief who got hold of it tries it elsewhere)
        }
        try (BandClient c = BandClient.open(radio, second.address(), trusted, clock, TIMEOUT)) {
            // cross-serial: signed for the first band, sent to the second with the second's fresh challenge
            c.challenge();
            refused(() -> c.linkPhone(linkOnFirst, secondBinding, thiefs), Status.UNAUTHORISED);
            // and an authorisation for this serial but the first band's challenge
            byte[] own = c.challenge();
            refused(() -> c.unlinkPhone(issuer.authorise(Command.UNLINK_PHONE, second.serial(), linkOnFirst.challenge(),
                    clock.instant().plusSeconds(60), BandClient.bindingPayload(secondBinding)), secondBinding),
                    Status.UNAUTHORISED);
            assertThat(own).isNotEqualTo(linkOnFirst.challenge());
        }
        try (BandClient c = open()) {
            // back on the first band in a new session: the old challenge is gone
            c.challenge();
            refused(() -> c.linkPhone(linkOnFirst, binding, thiefs), Status.UNAUTHORISED);
        }
        assertThat(band.linkedPhone()).isEmpty();
        assertThat(second.linkedPhone()).contains(owner());
    }

    @Test
    void takingTheBandOffLocksItAtOnceEvenInAnUnlockedSession() throws Exception {
        UUID binding = bindToOwner(band, owner());
        band.putOn();
        try (BandClient c = open()) {
            c.unlock(proof(ownerKey, c, PhoneProof.Purpose.UNLOCK, binding));
            c.paymentCode();
            band.takeOff(); // snatched from the wrist mid-session
            refused(c::paymentCode, Status.NOT_UNLOCKED);
            band.putOn(); // on the thief's wrist: still locked until the owner's phone unlocks it
            refused(c::paymentCode, Status.NOT_UNLOCKED);
            refused(() -> c.unlock(proof(thiefKey(), c, PhoneProof.Purpose.UNLOCK, binding)), Status.UNAUTHORISED);
        }
        band.takeOff();
        try (BandClient c = open()) {
            // the owner's phone cannot unlock a band nobody wears
            refused(() -> c.unlock(proof(ownerKey, c, PhoneProof.Purpose.UNLOCK, binding)), Status.NOT_UNLOCKED);
            refused(c::paymentCode, Status.NOT_UNLOCKED);
        }
    }

    @Test
    void aMalformedStateChangeStillSpendsItsChallengeAndRefusalsDoNotFillTheBandsMemory() throws Exception {
        UUID binding = bindToOwner(band, owner());
        try (BandClient c = open()) {
            byte[] challenge = c.challenge();
            // a RESET whose authorisation is cut short is malformed, and its challenge is gone with it
            refused(() -> c.command(Command.RESET, new byte[] {0, 0}), Status.MALFORMED);
            refused(() -> c.reset(issuer.authorise(Command.RESET, SERIAL, challenge, clock.instant().plusSeconds(60),
                    BandClient.bindingPayload(binding)), binding), Status.CHALLENGE_UNKNOWN);
            // a central that provokes refusal after refusal: the band keeps its last 32 log entries only
            for (int i = 0; i < 100; i++) {
                refused(() -> c.pairPhone(thief.key()), Status.PHONE_SLOT_TAKEN);
            }
            assertThat(c.errorLog()).hasSize(32);
        }
        assertThat(band.state()).isEqualTo(BandState.BOUND);
        assertThat(band.linkedPhone()).contains(owner());
    }

    private final KeyPair thiefKeyPair = P256.generate();

    private KeyPair thiefKey() {
        return thiefKeyPair;
    }

    private static byte[] readStatus(BandClient c) throws BandException {
        return c.statusCharacteristic();
    }
}
