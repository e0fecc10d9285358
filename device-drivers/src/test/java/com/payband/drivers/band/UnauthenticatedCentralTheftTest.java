package com.payband.drivers.band;

import com.payband.band.BandState;
import com.payband.band.BandSerial;
import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.protocol.Command;
import com.payband.band.protocol.DeviceCertificates;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.PhoneProof;
import com.payband.band.protocol.Uuids;
import com.payband.drivers.band.sim.BandManufacturer;
import com.payband.drivers.band.sim.LinkModel;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedRadio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random command sequences from a central that holds neither the issuer's key nor the owner's phone
 * key (a thief's phone, a rogue console): whatever it sends, in whatever order and over as many
 * sessions as it likes, the band's phone slot, state and binding never change, its session is never
 * unlocked, and no payment code is produced (the owner's next code follows the owner's last one).
 */
class UnauthenticatedCentralTheftTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final BandSerial SERIAL = new BandSerial("PB0000F1");
    private static final BandManufacturer MANUFACTURER = BandManufacturer.create("PayBand Devices", CLOCK.instant());
    private static final DeviceCertificates TRUSTED = new DeviceCertificates(List.of(MANUFACTURER.root()));
    private static final TestIssuer ISSUER = new TestIssuer();

    /** One thing the attacker does. */
    sealed interface Move permits Reconnect, Raw, Pair, PhoneSignature, Rogue, Wear, RawWrite {
    }

    /** A new connection and session. */
    record Reconnect() implements Move {
    }

    /** Any command with any body. */
    record Raw(Command command, byte[] body) implements Move {
    }

    /** PAIR_PHONE with a fresh key (0), the owner's public key (1), or the thief's key (2). */
    record Pair(int which) implements Move {
    }

    /**
     * UNLOCK or RELEASE_PHONE after (or without) asking a challenge, with: random bytes (0), the thief's
     * signature over the right fields (1), the owner's signature captured in an earlier session (2), or the
     * owner's signature relayed from another session over this challenge (3).
     */
    record PhoneSignature(boolean release, boolean askChallenge, int how, byte[] noise) implements Move {
    }

    /** A state change authorised by a key that is not the issuer's, against a fresh challenge. */
    record Rogue(Command action) implements Move {
    }

    /**
     * Bytes written to the Control Point on a connection of its own, outside any session: as one fragment
     * as they are, or framed as one whole message (a garbage HELLO, record or anything).
     */
    record RawWrite(byte[] bytes, boolean framed) implements Move {
    }

    /** The wearer puts the band on or takes it off meanwhile. */
    record Wear(boolean on) implements Move {
    }

    @Provide
    Arbitrary<List<Move>> attacks() {
        Arbitrary<Move> reconnect = Arbitraries.just(new Reconnect());
        Arbitrary<Move> raw = Combinators.combine(Arbitraries.of(Command.values()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(160)).as(Raw::new);
        Arbitrary<Move> pair = Arbitraries.integers().between(0, 2).map(Pair::new);
        Arbitrary<Move> signature = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 3), Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80))
                .as(PhoneSignature::new);
        Arbitrary<Move> rogue = Arbitraries.of(Command.BIND, Command.RESET, Command.UNLINK_PHONE, Command.LINK_PHONE,
                Command.SET_TIME).map(Rogue::new);
        Arbitrary<Move> wear = Arbitraries.of(true, false).map(Wear::new);
        Arbitrary<Move> rawWrite = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300),
                Arbitraries.of(true, false)).as(RawWrite::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, reconnect), net.jqwik.api.Tuple.of(4, raw), net.jqwik.api.Tuple.of(2, pair),
                net.jqwik.api.Tuple.of(4, signature), net.jqwik.api.Tuple.of(2, rogue), net.jqwik.api.Tuple.of(1, wear),
                net.jqwik.api.Tuple.of(2, rawWrite))
                .list().ofMinSize(1).ofMaxSize(14);
    }

    @Property(tries = 120)
    void aCentralWithoutTheOwnersOrTheIssuersKeyChangesNothingAndGetsNoCode(@ForAll("attacks") List<Move> moves,
            @ForAll boolean bound) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "theft-property");
        SimulatedRadio radio = new SimulatedRadio(LinkModel.instant(), CLOCK);
        try {
            SimulatedBand band = SimulatedBand.manufacture(dir, SERIAL, MANUFACTURER, ISSUER.root(), CLOCK);
            radio.add(band, -45);
            KeyPair owner = P256.generate();
            KeyPair thief = P256.generate();
            UUID binding = Uuids.NONE;
            byte[] captured = new byte[0];
            long lastCode = 0;
            if (bound) {
                binding = bind(radio, band, PhoneKey.of(owner.getPublic()));
                band.putOn();
                try (BandClient c = BandClient.open(radio, band.address(), TRUSTED, CLOCK, TIMEOUT)) {
                    captured = P256.sign(owner.getPrivate(), PhoneProof.toBeSigned(PhoneProof.Purpose.UNLOCK, SERIAL,
                            binding, c.challenge(), c.sessionId()));
                    c.unlock(captured);
                    lastCode = c.paymentCode().counter();
                }
            }
            Optional<PhoneKey> slot = band.linkedPhone();
            BandState state = band.state();
            Optional<UUID> held = band.bindingId();

            BandClient attacker = null;
            try {
                for (Move move : moves) {
                    if (attacker == null || !attacker.connected() || move instanceof Reconnect) {
                        if (attacker != null) {
                            attacker.close();
                        }
                        attacker = BandClient.open(radio, band.address(), TRUSTED, CLOCK, TIMEOUT);
                    }
                    try {
                        byte[] answer = move instanceof RawWrite w ? writeRaw(radio, band, w) : play(attacker, move, band,
                                binding, owner, thief, captured);
                        if (answer != null && isPaymentRequest(move)) {
                            throw new AssertionError("the band gave the attacker a payment code: " + PaymentCode.decode(answer));
                        }
                    } catch (BandException refused) {
                        // a refusal, a broken session or a dropped link: all fine; the invariants decide
                    }
                    assertThat(band.linkedPhone()).isEqualTo(slot);
                    assertThat(band.state()).isEqualTo(state);
                    assertThat(band.bindingId()).isEqualTo(held);
                }
                if (attacker.connected()) {
                    assertThat(attacker.info().unlocked()).isFalse();
                }
            } catch (BandException lost) {
                // the last session ended under the attacker's feet: the band's state is what counts
            } finally {
                if (attacker != null) {
                    attacker.close();
                }
            }
            if (bound) {
                band.putOn();
                try (BandClient c = BandClient.open(radio, band.address(), TRUSTED, CLOCK, TIMEOUT)) {
                    c.unlock(P256.sign(owner.getPrivate(), PhoneProof.toBeSigned(PhoneProof.Purpose.UNLOCK, SERIAL,
                            binding, c.challenge(), c.sessionId())));
                    assertThat(c.paymentCode().counter()).as("codes made since the owner's last").isEqualTo(lastCode + 1);
                }
            } else {
                assertThat(band.linkedPhone()).isEmpty();
                assertThat(band.state()).isEqualTo(BandState.FACTORY);
            }
        } finally {
            radio.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A central's own link: whatever it writes, the band must survive it (it may drop the attacker's session). */
    private static byte[] writeRaw(SimulatedRadio radio, SimulatedBand band, RawWrite w) throws Exception {
        try (var link = radio.connect(band.address(), TIMEOUT)) {
            link.subscribe(com.payband.band.protocol.BandUuids.SERVICE,
                    com.payband.band.protocol.BandUuids.CONTROL_POINT, answer -> { }, TIMEOUT);
            var fragments = w.framed() ? com.payband.band.protocol.Fragments.split(w.bytes(), 23) : List.of(w.bytes());
            for (byte[] f : fragments) {
                link.write(com.payband.band.protocol.BandUuids.SERVICE,
                        com.payband.band.protocol.BandUuids.CONTROL_POINT, f, TIMEOUT);
            }
        } catch (com.payband.drivers.band.ble.BleException dropped) {
            // the band may drop such a link: fine
        }
        return null;
    }

    private static boolean isPaymentRequest(Move move) {
        return move instanceof Raw raw && raw.command() == Command.PAYMENT_CODE;
    }

    /** @return the band's answer when it said OK */
    private static byte[] play(BandClient c, Move move, SimulatedBand band, UUID binding, KeyPair owner, KeyPair thief,
            byte[] captured) throws Exception {
        if (move instanceof Raw raw) {
            return c.command(raw.command(), raw.body());
        }
        if (move instanceof Pair pair) {
            PhoneKey key = switch (pair.which()) {
                case 0 -> PhoneKey.of(P256.generate().getPublic());
                case 1 -> PhoneKey.of(owner.getPublic());
                default -> PhoneKey.of(thief.getPublic());
            };
            c.pairPhone(key);
        } else if (move instanceof PhoneSignature s) {
            PhoneProof.Purpose purpose = s.release() ? PhoneProof.Purpose.RELEASE : PhoneProof.Purpose.UNLOCK;
            byte[] challenge = s.askChallenge() ? c.challenge() : new byte[16];
            byte[] signature = switch (s.how()) {
                case 0 -> s.noise();
                case 1 -> P256.sign(thief.getPrivate(), PhoneProof.toBeSigned(purpose, SERIAL, binding, challenge,
                        c.sessionId()));
                case 2 -> captured;
                default -> P256.sign(owner.getPrivate(), PhoneProof.toBeSigned(purpose, SERIAL, binding, challenge,
                        s.noise()));
            };
            if (s.release()) {
                c.releasePhone(signature);
            } else {
                c.unlock(signature);
            }
        } else if (move instanceof Rogue rogue) {
            KeyPair rogueKey = P256.generate();
            byte[] payload = switch (rogue.action()) {
                case LINK_PHONE -> BandClient.linkPhonePayload(binding, PhoneKey.of(thief.getPublic()));
                case SET_TIME -> BandClient.setTimePayload(CLOCK.instant());
                case BIND -> ISSUER.bind(SERIAL, c.band().devicePublicKey(), CLOCK.instant(),
                        PhoneKey.of(thief.getPublic())).request().payload();
                default -> BandClient.bindingPayload(binding);
            };
            var authorisation = TestIssuer.authoriseWith(rogueKey, rogue.action(), SERIAL, c.challenge(),
                    CLOCK.instant().plusSeconds(60), payload);
            return c.command(rogue.action(), com.payband.band.protocol.Authorisation.requestBody(authorisation,
                    payload));
        } else if (move instanceof Wear w) {
            if (w.on()) {
                band.putOn();
            } else {
                band.takeOff();
            }
        }
        return null;
    }

    private static UUID bind(SimulatedRadio radio, SimulatedBand band, PhoneKey owner) throws Exception {
        try (BandClient c = BandClient.open(radio, band.address(), TRUSTED, CLOCK, TIMEOUT)) {
            byte[] t = c.challenge();
            c.setTime(ISSUER.authorise(Command.SET_TIME, SERIAL, t, CLOCK.instant().plusSeconds(60),
                    BandClient.setTimePayload(CLOCK.instant())), CLOCK.instant());
            byte[] challenge = c.challenge();
            TestIssuer.Bind bind = ISSUER.bind(SERIAL, c.band().devicePublicKey(), CLOCK.instant(), owner);
            c.bind(ISSUER.authorise(Command.BIND, SERIAL, challenge, CLOCK.instant().plusSeconds(120),
                    bind.request().payload()), bind.request());
            return bind.bindingId();
        }
    }
}
