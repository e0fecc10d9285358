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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The wizard's band step on the real FX thread while a stock room advertises: the simulator's bands plus
 * -Dbenchmark.crowd=N (default 500) band-like devices, every tenth another vendor's, all through TinyB, the BLE host
 * and the BlueZ stand-in. Prints the longest gap between two frames (the FX thread's longest stall; goal ≤ 50 ms),
 * against the same window with no scan in the same run, and the BLE host's CPU. Asserts nothing about time.
 */
@Tag("benchmark")
class BleScanBenchmark {

    @Test
    void aStockRoomScannedThroughTinyB() throws Exception {
        int crowd = Integer.getInteger("benchmark.crowd", 500);
        int seconds = Integer.getInteger("benchmark.seconds", 10);
        Path dir = Files.createTempDirectory("payband-scan-benchmark");
        ConsoleServices store = TestStores.registered(dir.resolve("store"));
        TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        store.useBandTransport(new BandTransport(BandTransport.Kind.TINYB_STAND_IN, Optional.empty()));
        var bluez = store.simulator().bluez().orElseThrow();
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
        ConsoleWindow window = ConsoleWindow.on(store).signIn("clerk", TestStores.passwordOf("clerk"));
        try {
            window.readCardAndTakeConsent();
            window.click("#simulatePhone");
            window.waitFor(() -> window.text("#phoneStatus").contains("Phone accepted"), "the customer's phone");
            long idle = longestFrameGap(window, Duration.ofSeconds(3));
            window.click("#wizardNext"); // the band step: the scan starts
            window.waitForVisible("#bandSerial");
            long pid = ProcessHandle.current().children()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst()
                    .map(ProcessHandle::pid).orElse(-1L);
            Duration cpuBefore = cpu(pid);
            long scanning = longestFrameGap(window, Duration.ofSeconds(seconds));
            Duration cpu = cpu(pid).minus(cpuBefore);
            System.out.printf(Locale.ROOT, "BLE scan benchmark: %d advertising devices (%d band-like) through TinyB%n",
                    crowd, crowd - crowd / 10);
            System.out.printf(Locale.ROOT, "  longest FX frame gap, no scan:  %6.1f ms%n", idle / 1e6);
            System.out.printf(Locale.ROOT, "  longest FX frame gap, scanning: %6.1f ms (goal <= 50 ms); ratio %.1f%n",
                    scanning / 1e6, (double) scanning / idle);
            System.out.printf(Locale.ROOT, "  BLE host CPU while scanning: %.1f %% of one core over %d s%n",
                    100.0 * cpu.toMillis() / (seconds * 1000.0), seconds);
        } finally {
            window.close();
            store.close();
        }
    }

    /** The longest time between two pulses of the FX thread over this span. */
    private static long longestFrameGap(ConsoleWindow window, Duration span) throws InterruptedException {
        AtomicLong last = new AtomicLong();
        AtomicLong longest = new AtomicLong();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long before = last.getAndSet(now);
                if (before != 0) {
                    longest.accumulateAndGet(now - before, Math::max);
                }
            }
        };
        window.robot().interact(timer::start);
        Thread.sleep(span.toMillis());
        window.robot().interact(timer::stop);
        return longest.get();
    }

    private static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }
}
