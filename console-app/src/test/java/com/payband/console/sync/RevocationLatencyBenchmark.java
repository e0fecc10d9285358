package com.payband.console.sync;

import com.payband.band.BandSerial;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.ReasonCode;
import com.payband.console.enrollment.Enrolled;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long a theft takes to be refused: store B enrolls a band and its support agent reports it stolen; store A runs
 * the same background sync as the window (default interval, a push at once after each change). Measured from the
 * report's commit in B: until the backend's issuer refuses the band's payments (goal: 1 s once the report reaches it),
 * and until store A's copy of the revocation list marks it (goal: 60 s with the default interval). Baseline in the
 * same run: one sync of store A with nothing new. Run: {@code src/scripts/benchmark-sync.sh}. Prints figures;
 * asserts nothing about time.
 */
@Tag("benchmark")
class RevocationLatencyBenchmark {

    @Test
    void fromAStolenReportToEveryStore() throws Exception {
        int rounds = Integer.getInteger("benchmark.thefts", 3);
        Path dir = Files.createTempDirectory("payband-latency-benchmark");
        try (TestBackend backend = TestBackend.start(dir.resolve("backend"));
                ConsoleServices storeA = TestStores.create(dir.resolve("store-a"), Clock.systemUTC());
                ConsoleServices storeB = TestStores.create(dir.resolve("store-b"), Clock.systemUTC())) {
            storeA.backend().register(TestStores.admin(storeA), backend.url(), backend.code(), "Store A");
            storeB.backend().register(TestStores.admin(storeB), backend.url(), backend.code(), "Store B");
            StaffSession clerk = TestStores.staff(storeB, "clerk", Role.RETAIL_STAFF);
            StaffSession agent = TestStores.staff(storeB, "agent", Role.SUPPORT_AGENT);
            try (BackgroundSync syncA = background(storeA); BackgroundSync syncB = background(storeB)) {
                long baselineStart = System.nanoTime();
                storeA.sync().push();
                double baseline = secs(baselineStart);
                UUID customer = TestStores.customer(storeB, clerk, "zhang-wei");
                for (int round = 0; round < Math.min(rounds, 3); round++) {
                    BandSerial serial = new BandSerial("PB10000" + (1 + round)); // the simulator's factory-new bands
                    Enrolled enrolled = storeB.enrollment().enroll(clerk, customer, serial,
                            TestStores.phoneOf(storeB, clerk, customer), s -> { });
                    storeB.sync().push(); // the backend's issuer has the binding ACTIVE before the clock starts
                    String binding = enrolled.bindingId().toString();

                    long reported = System.nanoTime();
                    storeB.lifecycle().transition(agent, enrolled.bindingId(), ReasonCode.STOLEN, Optional.empty());
                    double refused = waitFor(reported, () -> stateAtIssuer(backend, binding).equals("DEACTIVATED"));
                    // and the band's next payment code is refused there
                    String verdict = storeB.issuer().verifyPayment(storeB.simulator().customerShowsPaymentCode(customer,
                            serial)).name();
                    double marked = waitFor(reported, () -> storeA.lifecycle().revocation(enrolled.bindingId())
                            .isPresent());
                    System.out.printf(Locale.ROOT, "theft %d: refused by the issuer after %.0f ms (payment code: %s),"
                            + " marked in the other store after %.1f s%n", round + 1, refused * 1000, verdict, marked);
                }
                System.out.printf(Locale.ROOT, "baseline: one sync of store A with nothing new: %.0f ms;"
                        + " goals: issuer <= 1,000 ms, other store <= 60 s (sync every %d s)%n", baseline * 1000,
                        Backoff.defaults().interval().toSeconds());
            }
        }
    }

    /** The window's sync: at the default interval, and at once after every change of a binding. */
    private static BackgroundSync background(ConsoleServices services) {
        BackgroundSync sync = new BackgroundSync(services.sync(), services.backend(), Backoff.defaults(), o -> { });
        services.lifecycle().addListener((binding, state) -> sync.pushSoon());
        sync.start();
        return sync;
    }

    private static String stateAtIssuer(TestBackend backend, String binding) {
        try {
            return backend.issuer().binding(binding).orElseThrow().state();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double waitFor(long since, BooleanSupplier done) throws InterruptedException {
        long deadline = since + 180_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 180 s");
            }
            Thread.sleep(5);
        }
        return secs(since);
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
