package com.payband.console.ui.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiThreads;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.ble.Advertisement;
import com.payband.drivers.band.ble.BleConnection;
import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.BleTransport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock room: hundreds of bands advertising at once, with other vendors' devices among them. The wizard's list
 * stays short (the strongest bands, and the one chosen), is redrawn a few times a second rather than at every
 * advertisement, and a scan remembers a bounded number of bands however many made-up serials are advertised.
 */
class CrowdedScanTest {

    @TempDir
    Path dir;

    private ConsoleServices store;
    private StaffSession clerk;
    private final ExecutorService fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fx-stand-in"));
    private final ExecutorService work = Executors.newCachedThreadPool();

    @BeforeEach
    void open() throws Exception {
        store = TestStores.create(dir.resolve("store"));
        clerk = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
    }

    @AfterEach
    void close() throws InterruptedException {
        fx.shutdownNow();
        work.shutdownNow();
        // the scan's thread ends (interrupted) before the store closes under it
        work.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        store.close();
    }

    @Test
    void fiveHundredBandsKeepTheWizardsListShortAndItsRedrawsFew() throws Exception {
        Crowd crowd = new Crowd(500, 5);
        store.bandRadio().use(crowd, new com.payband.band.protocol.DeviceCertificates(List.of()), true, true);
        // the view-model's FX side runs on one thread, as on the real FX thread: redraws are counted there
        // after the test, work still under way (a scan window ends) has nowhere to go: dropped, as a closed window drops it
        UiThreads threads = new UiThreads() {
            @Override
            public void background(Runnable r) {
                try {
                    work.execute(r);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // the test is over
                }
            }

            @Override
            public void ui(Runnable r) {
                try {
                    fx.execute(r);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // the test is over
                }
            }
        };
        ConsoleContext context = new ConsoleContext(store.folder(), TestStores.options(Clock.systemUTC()), threads,
                Locale.ENGLISH);
        context.adopt(store);
        context.signedIn(clerk);
        EnrollmentViewModel wizard = fx.submit(() -> new EnrollmentViewModel(context)).get();
        AtomicInteger redraws = new AtomicInteger();
        AtomicInteger longest = new AtomicInteger();
        fx.submit(() -> {
            wizard.bands().addListener((ListChangeListener<EnrollmentViewModel.BandRow>) c -> {
                redraws.incrementAndGet();
                longest.accumulateAndGet(wizard.bands().size(), Math::max);
            });
            wizard.startScan();
        }).get();
        long started = System.nanoTime();
        Thread.sleep(3000);
        // a band far down the list, its serial scanned from its box: it joins the short list with what was heard of it
        fx.submit(() -> {
            wizard.serialTyped().set("PB900498");
            wizard.serialEntered();
        }).get();
        Thread.sleep(500);
        fx.submit(wizard::stopScan).get();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(crowd.sent()).as("the crowd advertised").isGreaterThan(1000);
        assertThat(redraws.get()).as("redrawn live, but not at each of %d advertisements", crowd.sent())
                .isBetween(3, (int) (seconds * 1e9 / EnrollmentViewModel.LIVE_EVERY_NANOS) + 2);
        assertThat(longest.get()).isLessThanOrEqualTo(EnrollmentViewModel.SHOWN_BANDS + 1);
        List<EnrollmentViewModel.BandRow> shown = fx.submit(() -> List.copyOf(wizard.bands())).get();
        assertThat(shown).filteredOn(r -> !r.serial().value().equals("PB900498")).isNotEmpty()
                .allMatch(r -> r.rssi() >= -47, "among the strongest heard");
        assertThat(shown).filteredOn(r -> r.serial().value().equals("PB900498")).singleElement()
                .satisfies(r -> assertThat(r.rssi()).isEqualTo(-58));
    }

    @Test
    void aScanRemembersABoundedNumberOfBandsWhateverIsAdvertised() throws Exception {
        Crowd flood = new Crowd(3000, 20);
        store.bandRadio().use(flood, new com.payband.band.protocol.DeviceCertificates(List.of()), true, true);
        List<BandAdvertisement> heard = store.bandRadio().scan(Duration.ofSeconds(2), live -> { });
        assertThat(flood.sent()).as("more serials advertised than a scan keeps").isGreaterThan(3000);
        assertThat(heard).hasSizeLessThanOrEqualTo(1024).isNotEmpty();
        assertThat(heard.get(0).rssi()).isGreaterThanOrEqualTo(heard.get(heard.size() - 1).rssi());
    }

    /**
     * Bands PB900000… advertising together, a hundred times {@code perTick} advertisements a second, strongest
     * -40 dBm; every tenth device another vendor's. Nothing here can be connected to.
     */
    private static final class Crowd implements BleTransport {
        private final int size;
        private final int perTick;
        private final AtomicInteger sent = new AtomicInteger();
        private final ScheduledExecutorService air = Executors.newSingleThreadScheduledExecutor();

        Crowd(int size, int perTick) {
            this.size = size;
            this.perTick = perTick;
        }

        int sent() {
            return sent.get();
        }

        @Override
        public Scan scan(Consumer<Advertisement> listener) {
            AtomicInteger next = new AtomicInteger();
            var task = air.scheduleAtFixedRate(() -> {
                for (int k = 0; k < perTick; k++) {
                    int i = next.getAndIncrement() % size;
                    String address = String.format("C0:00:00:%02X:%02X:%02X", i >> 16 & 0xFF, i >> 8 & 0xFF, i & 0xFF);
                    Advertisement ad = i % 10 == 9
                            ? new Advertisement(address, Optional.empty(), -50, Map.of(0x004C, new byte[] {2, 21, 7}),
                                    Instant.now())
                            : new Advertisement(address, Optional.of("PayBand"), -40 - i % 60,
                                    Map.of(com.payband.band.protocol.BandUuids.COMPANY_ID, BandAdvertisement.manufacturerData(
                                            new BandSerial(String.format("PB9%05d", i)), BandState.FACTORY, 80)),
                                    Instant.now());
                    listener.accept(ad);
                    sent.incrementAndGet();
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            return () -> task.cancel(false);
        }

        @Override
        public BleConnection connect(String address, Duration timeout) throws BleException {
            throw new BleException(BleException.Kind.NOT_FOUND, "a crowd device");
        }

        @Override
        public void close() {
            air.shutdownNow();
        }
    }
}
