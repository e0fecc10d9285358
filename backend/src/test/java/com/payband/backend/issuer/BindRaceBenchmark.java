package com.payband.backend.issuer;

import com.payband.backend.Backend;
import com.payband.backend.http.TestConsole;
import com.payband.backend.store.BackendStore;
import com.payband.backend.testpeer.Postgres;
import com.payband.backend.testpeer.SoftHsm;
import com.payband.band.protocol.Crypto;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PhoneKey;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.BindingPreparation;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Binds per second with two stores racing, as production runs it: two backend instances in front of one PostgreSQL,
 * the issuer's keys in SoftHSM2 through PKCS#11, each store a console over mutual TLS on loopback. Two rounds of
 * N preparations per store (-Dbenchmark.binds, default 300): every store its own bands (no contention), then both
 * stores the same bands at the same moment (the per-band lock decides: exactly one wins each). Baseline in the same
 * run: the same number of authenticated round trips (GET /v1/me) from both stores at once. Run:
 * {@code src/scripts/benchmark-backend.sh}. Prints figures; the only assertion is the one the race must keep.
 */
@Tag("benchmark")
class BindRaceBenchmark {

    private static final byte[] OWNER = Crypto.sha256(Crypto.ascii("identity evidence of the owner"));

    @Test
    void twoStoresBindingAtOnce() throws Exception {
        int n = Integer.getInteger("benchmark.binds", 300);
        Path dir = Files.createTempDirectory("payband-bind-benchmark");
        IssuerKeys keys = IssuerKeys.pkcs11(SoftHsm.shared().config(), SoftHsm.PIN.toCharArray());
        String db = Postgres.shared().createDatabase("bind_benchmark_" + System.nanoTime());
        try (Backend one = Backend.start(BackendStore.open(dir, db, Postgres.shared().user(), null), dir.resolve("ca"),
                keys, new Backend.Settings("127.0.0.1", 0, "token", List.of(), true, 100_000));
                Backend two = Backend.start(BackendStore.open(dir, db, Postgres.shared().user(), null),
                        dir.resolve("ca"), keys, new Backend.Settings("127.0.0.1", 0, "token", List.of(), true, 100_000))) {
            URI urlA = one.server().url();
            URI urlB = two.server().url();
            TestConsole storeA = TestConsole.register(urlA, one.registry().createCode(Duration.ofHours(1)).toString(), "A");
            TestConsole storeB = TestConsole.register(urlB, two.registry().createCode(Duration.ofHours(1)).toString(), "B");
            // warm both paths (TLS sessions, JIT, connection pools) before anything is timed
            race(urlA, storeA, urlB, storeB, bands(50, "W"), false);
            roundTrips(urlA, storeA, urlB, storeB, 50);

            long baselineStart = System.nanoTime();
            roundTrips(urlA, storeA, urlB, storeB, n);
            double baseline = secs(baselineStart);

            long ownStart = System.nanoTime();
            int ownWins = race(urlA, storeA, urlB, storeB, bands(2 * n, "O"), false);
            double own = secs(ownStart);

            long raceStart = System.nanoTime();
            int raceWins = race(urlA, storeA, urlB, storeB, bands(n, "R"), true);
            double raced = secs(raceStart);
            if (ownWins != 2 * n || raceWins != n) {
                throw new AssertionError("binds won: " + ownWins + " of " + 2 * n + " uncontended, " + raceWins
                        + " of " + n + " contested (exactly one per band)");
            }

            System.out.printf(Locale.ROOT, "baseline: %,d authenticated round trips from two stores in %.2f s = %,.0f/s%n",
                    2 * n, baseline, 2 * n / baseline);
            System.out.printf(Locale.ROOT, "own bands: %,d binds prepared by two stores in %.2f s = %,.0f binds/s"
                    + " (%.1f x a round trip)%n", 2 * n, own, 2 * n / own, own / baseline);
            System.out.printf(Locale.ROOT, "same bands: %,d bands, both stores at once, %,d won in %.2f s = %,.0f"
                    + " bands decided/s (%.1f x a round trip per pair)%n", n, raceWins, raced, n / raced, raced / baseline);
        }
    }

    private record Band(String serial, KeyPair device) {
    }

    /** Serials PB + a letter per round + a counter (the database is new for each run). */
    private static List<Band> bands(int count, String round) {
        List<Band> bands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String number = Integer.toString(i, 36).toUpperCase(Locale.ROOT);
            bands.add(new Band("PB" + round + "0".repeat(5 - number.length()) + number, P256.generate()));
        }
        return bands;
    }

    /**
     * Both stores prepare bindings: when {@code contested}, the same band at the same moment, else store A the first
     * half and store B the second. Returns how many preparations won.
     */
    private static int race(URI urlA, TestConsole a, URI urlB, TestConsole b, List<Band> bands, boolean contested)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            if (!contested) {
                int half = bands.size() / 2;
                Future<Integer> fa = pool.submit(() -> prepareAll(urlA, a, bands.subList(0, half), null, null));
                Future<Integer> fb = pool.submit(() -> prepareAll(urlB, b, bands.subList(half, bands.size()), null, null));
                return fa.get() + fb.get();
            }
            CyclicBarrier together = new CyclicBarrier(2);
            java.util.concurrent.atomic.AtomicIntegerArray winners = new java.util.concurrent.atomic.AtomicIntegerArray(
                    bands.size());
            Future<Integer> fa = pool.submit(() -> prepareAll(urlA, a, bands, together, winners));
            Future<Integer> fb = pool.submit(() -> prepareAll(urlB, b, bands, together, winners));
            int won = fa.get() + fb.get();
            for (int i = 0; i < bands.size(); i++) {
                if (winners.get(i) != 1) {
                    throw new AssertionError(bands.get(i).serial() + " won by " + winners.get(i) + " stores");
                }
            }
            return won;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int prepareAll(URI url, TestConsole console, List<Band> bands, CyclicBarrier together,
            java.util.concurrent.atomic.AtomicIntegerArray winners) throws Exception {
        int won = 0;
        for (int i = 0; i < bands.size(); i++) {
            Band band = bands.get(i);
            if (together != null) {
                together.await();
            }
            HttpResponse<String> r = console.post(url, ApiPaths.ISSUER_BINDINGS, new BindingPreparation(
                    UUID.randomUUID().toString(), band.serial(), b64(P256.encode(band.device().getPublic())), b64(OWNER),
                    b64(PhoneKey.of(P256.generate().getPublic()).encoded()), "clerk", false));
            if (r.statusCode() == 200) {
                won++;
                if (winners != null) {
                    winners.incrementAndGet(i);
                }
            } else if (r.statusCode() != 409) {
                throw new AssertionError("unexpected answer " + r.statusCode() + ": " + r.body());
            }
        }
        return won;
    }

    private static void roundTrips(URI urlA, TestConsole a, URI urlB, TestConsole b, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Void>> work = List.of(() -> get(urlA, a, each), () -> get(urlB, b, each));
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void get(URI url, TestConsole console, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            HttpResponse<String> r = console.get(url, ApiPaths.ME);
            if (r.statusCode() != 200) {
                throw new AssertionError(r.body());
            }
        }
        return null;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
