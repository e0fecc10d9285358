package com.payband.console.bands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.BandSerial;
import com.payband.band.protocol.DeviceCertificates;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.BandException;
import com.payband.drivers.band.ble.BleConnection;
import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.drivers.band.sim.BandManufacturer;
import com.payband.drivers.band.sim.LinkModel;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedRadio;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which bands a radio trusts, and how they are marked, go with the radio: a band made with the simulator's
 * manufacturer key (which lies in the data folder) is refused as counterfeit through a real radio, a band of a
 * manufacturer shipped with the console is real, and a radio given up under an operation ends only after it.
 */
class BandRadioTest {

    private static final Duration FIND = Duration.ofSeconds(2);
    private final Clock clock = Clock.systemUTC();
    private final java.security.PublicKey issuerRoot = com.payband.band.protocol.P256.generate().getPublic();

    @TempDir
    Path dir;

    private SimulatedRadio air;
    private BandManufacturer simulatorMaker;
    private BandManufacturer realMaker;

    @BeforeEach
    void air() throws Exception {
        air = new SimulatedRadio(LinkModel.instant(), clock);
        simulatorMaker = BandManufacturer.create("PayBand Devices", clock.instant());
        realMaker = BandManufacturer.create("PayBand Devices", clock.instant());
        air.add(SimulatedBand.manufacture(dir.resolve("sim"), new BandSerial("PB100001"), simulatorMaker, issuerRoot,
                clock), -45);
        air.add(SimulatedBand.manufacture(dir.resolve("real"), new BandSerial("PB100002"), realMaker, issuerRoot,
                clock), -50);
    }

    @AfterEach
    void quiet() {
        air.close();
    }

    @Test
    void throughARealRadioABandMadeWithTheSimulatorsKeyIsCounterfeitAndARealOneIsNotSimulated() throws Exception {
        // what a clerk with the data folder could do: make "genuine" bands with the simulator's manufacturer key and
        // have them reached through TinyB (a BlueZ of their own on DBUS_SYSTEM_BUS_ADDRESS)
        BandRadio radio = new BandRadio(air, new DeviceCertificates(List.of(simulatorMaker.root())), true, false, clock,
                FIND);
        radio.use(new Counted(air), new DeviceCertificates(List.of(realMaker.root())), false, true);
        try (BandRadio.Lease real = radio.lease()) {
            BandAdvertisement minted = real.find(new BandSerial("PB100001"), FIND).orElseThrow();
            assertThatThrownBy(() -> real.open(minted)).isInstanceOfSatisfying(BandException.class,
                    e -> assertThat(e.kind()).isEqualTo(BandException.Kind.COUNTERFEIT));
            try (BandClient genuine = real.open(real.find(new BandSerial("PB100002"), FIND).orElseThrow())) {
                assertThat(genuine.band().serial().value()).isEqualTo("PB100002");
            }
            assertThat(real.simulated()).as("bindings made through a real radio are real").isFalse();
        }

        // back to the simulator: its own bands are trusted again, and marked simulated
        radio.use(air, new DeviceCertificates(List.of(simulatorMaker.root())), true, false);
        try (BandRadio.Lease simulator = radio.lease();
                BandClient band = simulator.open(simulator.find(new BandSerial("PB100001"), FIND).orElseThrow())) {
            assertThat(band.band().serial().value()).isEqualTo("PB100001");
            assertThat(simulator.simulated()).isTrue();
        }
        assertThat(radio.simulated()).isTrue();
    }

    @Test
    void aRadioGivenUpUnderAnOperationEndsWhenTheOperationEndsAndNotBefore() throws Exception {
        Counted first = new Counted(air);
        BandRadio radio = new BandRadio(first, new DeviceCertificates(List.of(simulatorMaker.root())), true, true, clock,
                FIND);
        Counted second = new Counted(air);
        try (BandRadio.Lease underWay = radio.lease()) {
            radio.use(second, new DeviceCertificates(List.of(realMaker.root())), false, true);
            // the operation goes on with the radio, trust and marking it started with
            try (BandClient band = underWay.open(underWay.find(new BandSerial("PB100001"), FIND).orElseThrow())) {
                assertThat(band.band().serial().value()).isEqualTo("PB100001");
            }
            assertThat(underWay.simulated()).isTrue();
            assertThat(first.closed.get()).as("closed under an operation").isZero();
            // a new operation takes the new radio
            try (BandRadio.Lease next = radio.lease()) {
                assertThat(next.simulated()).isFalse();
            }
        }
        assertThat(first.closed.get()).as("closed once its last operation ended").isEqualTo(1);
        assertThat(second.closed.get()).isZero();

        // a radio given up with no operation ends at once; the console closing ends the one in use
        Counted third = new Counted(air);
        radio.use(third, new DeviceCertificates(List.of(realMaker.root())), false, true);
        assertThat(second.closed.get()).isEqualTo(1);
        radio.close();
        assertThat(third.closed.get()).isEqualTo(1);
        assertThat(first.closed.get()).as("never twice").isEqualTo(1);
    }

    @Test
    void theManufacturersShippedWithTheConsoleAreReadFromTheirPemBundleAndNoneAreTheSimulators() throws Exception {
        String pem = "# the provider's manufacturers\n" + pem(realMaker) + "text between blocks\n" + pem(simulatorMaker);
        assertThat(BandManufacturers.parse(pem)).containsExactly(realMaker.root(), simulatorMaker.root());
        assertThatThrownBy(() -> BandManufacturers.parse(
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not an X.509 certificate");
        // as shipped (no real manufacturer yet): no band is genuine through a real radio
        BandRadio radio = new BandRadio(air, BandManufacturers.production(), false, false, clock, FIND);
        try (BandRadio.Lease real = radio.lease()) {
            for (String serial : List.of("PB100001", "PB100002")) {
                BandAdvertisement heard = real.find(new BandSerial(serial), FIND).orElseThrow();
                assertThatThrownBy(() -> real.open(heard)).isInstanceOfSatisfying(BandException.class,
                        e -> assertThat(e.kind()).isEqualTo(BandException.Kind.COUNTERFEIT));
            }
        }
    }

    private static String pem(BandManufacturer maker) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(maker.root().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** The simulated air under another name, counting how often it is closed (the air itself stays). */
    private static final class Counted implements BleTransport {
        private final BleTransport air;
        final AtomicInteger closed = new AtomicInteger();

        Counted(BleTransport air) {
            this.air = air;
        }

        @Override
        public BleTransport.Scan scan(Consumer<com.payband.drivers.band.ble.Advertisement> listener) throws BleException {
            return air.scan(listener);
        }

        @Override
        public BleConnection connect(String address, Duration timeout) throws BleException {
            return air.connect(address, timeout);
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
