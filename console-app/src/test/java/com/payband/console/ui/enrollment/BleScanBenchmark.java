package com.payband.console.ui.enrollment;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.band.protocol.BandUuids;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.bands.BandTransport;
import com.payband.console.staff.Role;
import com.payband.console.ui.ConsoleWindow;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.ble.bluez.sim.BluezStandIn;
import com.payband.drivers.band.ble.bluez.sim.PrivateBus;
import com.payband.drivers.band.ble.host.HostedBleTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The wizard's band step on the real FX thread while a stock room advertises: -Dbenchmark.crowd=N (default 500)
 * band-like devices, every tenth another vendor's, all through TinyB and the BLE host, the driver started ahead of use
 * as the window starts it once the radio is chosen. Twice: with the BlueZ stand-in in its own process, as bluetoothd is
 * in a store, and in the console's own JVM, as in training mode (there its D-Bus traffic competes with the window).
 * Prints the longest gap between two frames (the FX thread's longest stall; goal ≤ 50 ms) once the step has been drawn,
 * against the same window with no scan in the same run, and the BLE host's CPU; and, for the step's first second, the
 * same step scanning the simulator's radio (no Bluetooth at all). Asserts nothing about time.
 */
@Tag("benchmark")
class BleScanBenchmark {

    private static final int CROWD = Integer.getInteger("benchmark.crowd", 500);
    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 10);

    @Test
    void aStockRoomScannedThroughTinyB() throws Exception {
        System.out.printf(Locale.ROOT, "BLE scan benchmark: %d advertising devices (%d band-like) through TinyB%n",
                CROWD, CROWD - CROWD / 10);
        Path dir = Files.createTempDirectory("payband-scan-benchmark");
        // a first window, not counted: its code runs for the first time (class loading, JIT), as no store's does twice
        training(dir.resolve("store-warm-up"), null);

        // bluetoothd's place: the stand-in in a process of its own, on a private bus
        Process stockRoom = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), StockRoom.class.getName(), Integer.toString(CROWD),
                Files.createDirectories(dir.resolve("bus")).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String address = new BufferedReader(new InputStreamReader(stockRoom.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            // bluetoothd has been running for days, native code: a scan not counted first, so that the stand-in's
            // own JVM has compiled its discovery before the one measured (cold, it took the two cores from the window
            // for 100 ms at the scan's start)
            ownProcess(dir.resolve("store-a-warm-up"), address, stockRoom.pid(), null);
            ownProcess(dir.resolve("store-a"), address, stockRoom.pid(), "BlueZ stand-in in its own process");
        } finally {
            stockRoom.getOutputStream().close();
            stockRoom.waitFor();
        }
        training(dir.resolve("store-b"), "BlueZ stand-in in the console's JVM (training)");
        // the baseline of the step's first second: the same step drawn and scanning the simulator's radio, no Bluetooth
        measure("simulated radio, no Bluetooth (the step's own drawing)", store(dir.resolve("store-c")), () -> { },
                -1);
    }

    /** A store whose BLE host reaches the stand-in process on its private bus. */
    private static void ownProcess(Path folder, String busAddress, long standIn, String label) throws Exception {
        ConsoleServices store = store(folder);
        HostedBleTransport driver = new HostedBleTransport(HostedBleTransport.javaCommand(Optional.of("hci0")),
                Map.of("DBUS_SYSTEM_BUS_ADDRESS", busAddress), Optional.of(folder.resolveSibling(
                        folder.getFileName() + "-ble-host.log")), Clock.systemUTC());
        store.bandRadio().use(driver, store.simulator().manufacturers(), true, true);
        measure(label, store, driver::warmUp, standIn);
    }

    /** Training mode: the console plays BlueZ itself. */
    private static void training(Path folder, String label) throws Exception {
        ConsoleServices store = store(folder);
        store.useBandTransport(new BandTransport(BandTransport.Kind.TINYB_STAND_IN, Optional.empty()));
        crowd(store.simulator().bluez().orElseThrow(), CROWD);
        measure(label, store, store::warmUpRadio, -1);
    }

    private static ConsoleServices store(Path folder) throws Exception {
        ConsoleServices store = TestStores.registered(folder);
        TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        return store;
    }

    /** @param label null: a round not counted */
    private static void measure(String label, ConsoleServices store, Runnable warmUp, long notTheHost)
            throws Exception {
        // as the window does once the radio is chosen: the driver starts while the clerk signs in and reads the card
        Thread warming = new Thread(warmUp, "radio-warm-up");
        warming.start();
        ConsoleWindow window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));
        try {
            window.readCardAndTakeConsent();
            window.click("#simulatePhone");
            window.waitFor(() -> window.text("#phoneStatus").contains("Phone accepted"), "the customer's phone");
            warming.join();
            long idle = longest(frameGaps(window, Duration.ofSeconds(3)), 0);
            window.click("#wizardNext"); // the band step: the scan starts
            window.waitForVisible("#bandSerial");
            long pid = ProcessHandle.current().children()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .filter(p -> p.pid() != notTheHost)
                    .findFirst().map(ProcessHandle::pid).orElse(-1L);
            Duration cpuBefore = cpu(pid);
            List<long[]> gaps = frameGaps(window, Duration.ofSeconds(SECONDS));
            Duration cpu = cpu(pid).minus(cpuBefore);
            // the first second draws the band step itself (new nodes, their CSS, code run for the first time): the
            // figure for the scan is the one after it
            long drawing = gaps.stream().filter(g -> g[0] < Duration.ofSeconds(1).toNanos()).mapToLong(g -> g[1])
                    .max().orElse(0);
            long settled = longest(gaps, Duration.ofSeconds(1).toNanos());
            if (label == null) {
                return;
            }
            System.out.printf(Locale.ROOT, "  %s:%n", label);
            System.out.printf(Locale.ROOT, "    longest FX frame gap, no scan: %6.1f ms%n", idle / 1e6);
            System.out.printf(Locale.ROOT, "    longest FX frame gap, the step's first second: %6.1f ms%n",
                    drawing / 1e6);
            System.out.printf(Locale.ROOT, "    longest FX frame gap, scanning after it: %6.1f ms (goal <= 50 ms); "
                    + "ratio to no scan %.1f%n", settled / 1e6, (double) settled / idle);
            System.out.printf(Locale.ROOT, "    frames: %d, of which longer than 50 ms: %d%n", gaps.size(),
                    gaps.stream().filter(g -> g[1] > 50_000_000L).count());
            gaps.stream().filter(g -> g[1] > 50_000_000L).forEach(g -> System.out.printf(Locale.ROOT,
                    "      %6.1f ms long, ending %5.2f s into the step%n", g[1] / 1e6, g[0] / 1e9));
            if (pid > 0) {
                System.out.printf(Locale.ROOT, "    BLE host CPU while scanning: %.1f %% of one core over %d s%n",
                        100.0 * cpu.toMillis() / (SECONDS * 1000.0), SECONDS);
            }
        } finally {
            window.close();
            store.close();
        }
    }

    /** Band-like devices PB95…, every tenth another vendor's beacon, on adapter hci0. */
    static void crowd(BluezStandIn bluez, int crowd) {
        for (int i = 0; i < crowd; i++) {
            String address = String.format(Locale.ROOT, "C0:10:00:00:%02X:%02X", i >> 8, i & 0xFF);
            if (i % 10 == 9) {
                bluez.advertiser("hci0", address, Optional.empty(), 0x004C, new byte[] {2, 21, 1, 2, 3}, -70);
            } else {
                bluez.advertiser("hci0", address, Optional.of(BandUuids.LOCAL_NAME), BandUuids.COMPANY_ID,
                        BandAdvertisement.manufacturerData(new BandSerial(String.format(Locale.ROOT, "PB95%04d", i)),
                                BandState.FACTORY, 70), -45 - i % 50);
            }
        }
    }

    /** The times between two pulses of the FX thread over this span: {since the span began, gap}, in ns. */
    private static List<long[]> frameGaps(ConsoleWindow window, Duration span) throws InterruptedException {
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        List<long[]> gaps = new CopyOnWriteArrayList<>();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                first.compareAndSet(0, now);
                long before = last.getAndSet(now);
                if (before != 0) {
                    gaps.add(new long[] {now - first.get(), now - before});
                }
            }
        };
        window.robot().interact(timer::start);
        Thread.sleep(span.toMillis());
        window.robot().interact(timer::stop);
        return gaps;
    }

    private static long longest(List<long[]> gaps, long after) {
        return gaps.stream().filter(g -> g[0] >= after).mapToLong(g -> g[1]).max().orElse(0);
    }

    private static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /** bluetoothd's stand-in for the store: a private bus, adapter hci0 and the crowd; ends at the end of its input. */
    public static final class StockRoom {
        public static void main(String[] args) throws Exception {
            try (PrivateBus bus = PrivateBus.start(Path.of(args[1]));
                    BluezStandIn bluez = BluezStandIn.start(bus.address())) {
                bluez.plug("hci0", "00:1A:7D:DA:71:13", "Stock room dongle", true);
                crowd(bluez, Integer.parseInt(args[0]));
                System.out.println(bus.address());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until the benchmark ends
                }
            }
        }
    }
}
