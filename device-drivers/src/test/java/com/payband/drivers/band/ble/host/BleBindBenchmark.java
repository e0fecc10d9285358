package com.payband.drivers.band.ble.host;

import com.payband.band.BandSerial;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.DeviceCertificates;
import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.TestIssuer;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.drivers.band.ble.bluez.sim.BluezStandIn;
import com.payband.drivers.band.ble.bluez.sim.PrivateBus;
import com.payband.drivers.band.sim.BandManufacturer;
import com.payband.drivers.band.sim.LinkModel;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedPhone;
import com.payband.drivers.band.sim.SimulatedRadio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A whole bind (connect, attest, challenge, BIND, disconnect) over TinyB, the BLE host and the BlueZ stand-in on a
 * real dbus-daemon, against the same bind over the simulated radio with no latency, in the same run: the time the
 * real driver path adds on this machine, and the GATT traffic both carry (which must be the same: the host adds
 * round trips to D-Bus, not to the band). Then, sniffed at the stand-in, the Control Point's traffic per bind against
 * the profile's minimum (band-gatt-profile.md: three exchanges, HELLO, GET_CHALLENGE and BIND, each message in as
 * few fragments as the MTU allows), at BlueZ's usual MTU of 247 and at ATT's minimum of 23.
 * -Dbenchmark.binds=N (default 30). Prints figures; asserts nothing about time.
 */
@Tag("benchmark")
class BleBindBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void bindOverTinyBAgainstTheSimulatedRadio() throws Exception {
        int n = Integer.getInteger("benchmark.binds", 30);
        int warmUp = 5;
        Path dir = Files.createTempDirectory("payband-ble-benchmark");
        Clock clock = Clock.systemUTC();
        TestIssuer issuer = new TestIssuer();
        BandManufacturer manufacturer = BandManufacturer.create("PayBand Devices", clock.instant());
        DeviceCertificates trusted = new DeviceCertificates(List.of(manufacturer.root()));
        List<SimulatedBand> simBands = new ArrayList<>();
        List<SimulatedBand> bleBands = new ArrayList<>();
        List<SimulatedBand> smallMtuBands = new ArrayList<>();
        for (int i = 0; i < n + warmUp; i++) {
            smallMtuBands.add(SimulatedBand.manufacture(dir.resolve("ble23"), new BandSerial(String.format("PB6%05d",
                    i)), manufacturer, issuer.root(), clock));
            simBands.add(SimulatedBand.manufacture(dir.resolve("sim"), new BandSerial(String.format("PB8%05d", i)),
                    manufacturer, issuer.root(), clock));
            bleBands.add(SimulatedBand.manufacture(dir.resolve("ble"), new BandSerial(String.format("PB7%05d", i)),
                    manufacturer, issuer.root(), clock));
        }
        SimulatedRadio radio = new SimulatedRadio(LinkModel.instant(), clock);
        simBands.forEach(b -> radio.add(b, -45));
        SimulatedPhone owner = SimulatedPhone.create("owner", radio, trusted, clock);
        try (PrivateBus bus = PrivateBus.start(Files.createDirectories(dir.resolve("bus")));
                BluezStandIn bluez = BluezStandIn.start(bus.address())) {
            bluez.plug("hci0", "00:1A:7D:DA:71:13", "Benchmark dongle", true);
            bleBands.forEach(b -> bluez.inRange("hci0", b, -45));
            smallMtuBands.forEach(b -> bluez.inRange("hci0", b, -45));
            Sniffer sniffer = new Sniffer();
            bluez.onWrite(sniffer::write);
            bluez.onReply((serial, reply) -> reply.indications().forEach(sniffer::indication));
            try (HostedBleTransport tinyb = new HostedBleTransport(HostedBleTransport.javaCommand(Optional.empty()),
                    Map.of("DBUS_SYSTEM_BUS_ADDRESS", bus.address()), Optional.of(dir.resolve("ble-host.log")), clock)) {
                // the devices are known to BlueZ once a scan has heard them
                try (BleTransport.Scan scan = tinyb.scan(a -> { })) {
                    Thread.sleep(2500);
                }
                long[] sim = binds(radio, simBands, trusted, issuer, owner, clock, warmUp);
                SimulatedRadio.Traffic simTraffic = radio.traffic();
                sniffer.reset();
                long[] ble = binds(tinyb, bleBands, trusted, issuer, owner, clock, warmUp);
                SimulatedRadio.Traffic bleTraffic = bluez.traffic();
                Sniffer.Counts at247 = sniffer.counts();
                bluez.mtu(23);
                sniffer.reset();
                long[] ble23 = binds(tinyb, smallMtuBands, trusted, issuer, owner, clock, warmUp);
                Sniffer.Counts at23 = sniffer.counts();
                System.out.printf(Locale.ROOT, "BLE bind benchmark, %d binds each after %d warm-up binds%n", n, warmUp);
                print("simulated radio (no latency)", sim);
                print("TinyB + BLE host + BlueZ stand-in", ble);
                System.out.printf(Locale.ROOT, "ratio TinyB / simulated radio (median): %.1f%n",
                        (double) median(ble) / median(sim));
                System.out.printf(Locale.ROOT, "GATT traffic per bind: simulated radio %s; TinyB %s%n",
                        perBind(simTraffic, n + warmUp), perBind(bleTraffic, n + warmUp));
                print("TinyB at MTU 23 (ATT's minimum)", ble23);
                System.out.printf(Locale.ROOT, "ratio MTU 23 / MTU 247 over TinyB (median): %.2f%n",
                        (double) median(ble23) / median(ble));
                System.out.println("Control Point per bind against the profile's minimum (3 exchanges):");
                at247.print(247, n + warmUp);
                at23.print(23, n + warmUp);
            }
        } finally {
            radio.close();
        }
    }

    private static long[] binds(BleTransport transport, List<SimulatedBand> bands, DeviceCertificates trusted,
            TestIssuer issuer, SimulatedPhone owner, Clock clock, int warmUp) throws Exception {
        long[] micros = new long[bands.size() - warmUp];
        for (int i = 0; i < bands.size(); i++) {
            SimulatedBand band = bands.get(i);
            long t = System.nanoTime();
            try (BandClient client = BandClient.open(transport, band.address(), trusted, clock, TIMEOUT)) {
                byte[] challenge = client.challenge();
                TestIssuer.Bind bind = issuer.bind(band.serial(), client.band().devicePublicKey(), clock.instant(),
                        owner.key());
                Authorisation auth = issuer.authorise(Command.BIND, band.serial(), challenge,
                        clock.instant().plusSeconds(300), bind.request().payload());
                client.bind(auth, bind.request());
            }
            if (i >= warmUp) {
                micros[i - warmUp] = (System.nanoTime() - t) / 1000;
            }
        }
        return micros;
    }

    /**
     * What a Bluetooth sniffer sees on the Control Point: each message's first fragment carries its length, so the
     * messages, and what the fewest fragments of those messages would be, follow from the fragments.
     */
    private static final class Sniffer {
        private final List<Integer> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<Integer> responses = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicLong fragments = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();

        record Counts(List<Integer> requests, List<Integer> responses, long fragments, long bytes) {

            void print(int mtu, int binds) {
                // the profile's minimum: the first three exchanges of each bind, each in the fewest fragments
                long minFragments = 0;
                long minBytes = 0;
                for (List<Integer> messages : List.of(requests, responses)) {
                    for (int i = 0; i < messages.size(); i++) {
                        if (i % Math.max(1, messages.size() / binds) < 3) {
                            for (byte[] f : com.payband.band.protocol.Fragments.split(new byte[messages.get(i)], mtu)) {
                                minFragments++;
                                minBytes += f.length;
                            }
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "  MTU %3d: %.1f round trips (minimum 3), %.1f fragments (minimum %.1f),"
                        + " %.0f bytes (minimum %.0f), messages %.0f bytes%n", mtu, (double) requests.size() / binds,
                        (double) fragments / binds, (double) minFragments / binds, (double) bytes / binds,
                        (double) minBytes / binds, (double) (requests.stream().mapToLong(Integer::longValue).sum()
                                + responses.stream().mapToLong(Integer::longValue).sum()) / binds);
            }
        }

        void reset() {
            requests.clear();
            responses.clear();
            fragments.set(0);
            bytes.set(0);
        }

        void write(byte[] fragment) {
            seen(fragment, requests);
        }

        void indication(byte[] fragment) {
            seen(fragment, responses);
        }

        private void seen(byte[] fragment, List<Integer> messages) {
            fragments.incrementAndGet();
            bytes.addAndGet(fragment.length);
            if (fragment.length >= 3 && (fragment[0] & 0x80) != 0) {
                messages.add((fragment[1] & 0xFF) | (fragment[2] & 0xFF) << 8);
            }
        }

        Counts counts() {
            return new Counts(List.copyOf(requests), List.copyOf(responses), fragments.get(), bytes.get());
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void print(String what, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-36s median %7.1f ms  p90 %7.1f ms  max %7.1f ms%n", what,
                sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.9)] / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }

    private static String perBind(SimulatedRadio.Traffic t, int binds) {
        return String.format(Locale.ROOT, "%.1f writes, %.1f indications, %.0f bytes", (double) t.writes() / binds,
                (double) t.indications() / binds, (double) t.bytes() / binds);
    }
}
