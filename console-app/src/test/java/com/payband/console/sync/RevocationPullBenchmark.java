package com.payband.console.sync;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.sync.api.ApiPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Taking a long revocation list into an empty console: N entries (-Dbenchmark.revocations, default 100,000) on a
 * real backend (in process, H2, mutual TLS on loopback), pulled in pages, each entry's chain hash and the signed
 * head checked, stored with one audit event. Baseline in the same run: the same pages fetched by the console's own
 * HTTPS client and parsed, nothing checked or stored. Run: {@code src/scripts/benchmark-sync.sh}. Prints figures;
 * asserts nothing about time.
 */
@Tag("benchmark")
class RevocationPullBenchmark {

    @Test
    void pullALongList() throws Exception {
        int n = Integer.getInteger("benchmark.revocations", 100_000);
        Path dir = Files.createTempDirectory("payband-revocation-benchmark");
        try (ConsoleServices services = TestStores.create(dir.resolve("store"), Clock.systemUTC());
                TestBackend backend = TestBackend.start(dir.resolve("backend"))) {
            long filling = System.nanoTime();
            backend.fillRevocationList(n);
            System.out.printf(Locale.ROOT, "backend list of %,d entries made in %.1f s%n", n, secs(filling));
            services.backend().register(TestStores.admin(services), backend.url(), backend.code(), "Bench");
            BackendClient client = services.backend().client();

            long start = System.nanoTime();
            services.sync().push();
            double pull = secs(start);
            long taken = RevocationListTest.fromTheBackendsList(services);
            System.out.printf(Locale.ROOT, "pull: %,d entries taken in %.2f s = %,.0f entries/s%n", taken, pull,
                    taken / pull);

            long bareStart = System.nanoTime();
            long seq = 0;
            while (true) {
                var delta = client.get(ApiPaths.REVOCATIONS + "?after=" + seq, com.payband.sync.api.RevocationDelta.class);
                if (delta.entries().isEmpty()) {
                    break;
                }
                seq = delta.entries().get(delta.entries().size() - 1).seq();
                if (!delta.more()) {
                    break;
                }
            }
            double bare = secs(bareStart);
            System.out.printf(Locale.ROOT, "baseline: the same pages fetched and parsed only in %.2f s%n", bare);

            // a second store's console in the same process: the JVM's TLS and JSON code already compiled, as in a
            // console that has run a while; the first figure is a new process's first pull
            try (ConsoleServices second = TestStores.create(dir.resolve("second"), Clock.systemUTC())) {
                second.backend().register(TestStores.admin(second), backend.url(), backend.code(), "Bench 2");
                long again = System.nanoTime();
                second.sync().push();
                double warm = secs(again);
                System.out.printf(Locale.ROOT, "pull into a second empty console, same process: %,d entries in %.2f s%n",
                        RevocationListTest.fromTheBackendsList(second), warm);
                System.out.printf(Locale.ROOT, "ratio pull / fetch only = %.1f (new process), %.1f (same process);"
                        + " goal: pull <= 2 s for 100,000 entries%n", pull / bare, warm / bare);
            }
            // after a restart the copy is read, its chain checked and indexed at the first look-up
            try (ConsoleServices reopened = TestStores.open(dir.resolve("second"))) {
                long first = System.nanoTime();
                boolean found = reopened.lifecycle().serialsWithRevocation(List.of("PB050000")).contains("PB050000");
                System.out.printf(Locale.ROOT, "first look-up after a restart (copy read, checked, indexed): %.2f s,"
                        + " found: %s%n", secs(first), found);
            }
        }
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
