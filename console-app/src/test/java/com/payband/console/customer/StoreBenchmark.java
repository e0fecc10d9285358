package com.payband.console.customer;

import com.payband.console.SyntheticCards;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.ResidentIdCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The store at scale: N customers (default 1,000,000; -Dbenchmark.customers=N), then lookups by full
 * ID number and by full name, with a primary-key lookup of the same rows in the same process as the
 * baseline. Prints figures; asserts nothing about time (see src/docs/benchmarks.md).
 *
 * <p>Run: {@code src/scripts/benchmark-store.sh [N]}. Not part of the test command.
 */
@Tag("benchmark")
class StoreBenchmark {

    private static final ReaderInfo READER = new ReaderInfo("sim:benchmark", "benchmark", ReaderKind.SIMULATOR, true);
    private static final int LOOKUPS = 2_000;
    private static final int BATCH = Integer.getInteger("benchmark.batch", 200);

    @Test
    @org.junit.jupiter.api.Timeout(value = 6, unit = java.util.concurrent.TimeUnit.HOURS)
    void customersAtScale() throws Exception {
        int n = Integer.getInteger("benchmark.customers", 1_000_000);
        Path dir = Files.createTempDirectory("payband-benchmark");
        Clock clock = Clock.systemUTC();
        Random random = new Random(42);
        String[] numbers = new String[LOOKUPS];
        String[] names = new String[LOOKUPS];
        UUID[] ids = new UUID[LOOKUPS];
        System.out.printf(Locale.ROOT, "%n== PayBand store benchmark: %,d customers, data folder %s%n", n, dir);
        double counterRate;
        double bulkSeconds;
        int counter = Math.min(n, 5_000);
        try (ConsoleServices services = TestStores.create(dir, clock)) {
            StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
            CustomerService customers = services.customers();
            var checks = customers.documentCheck();
            int sampleEvery = Math.max(1, n / LOOKUPS);
            int[] sampled = {0};
            // As at the counter: one checked, authorised, audited transaction per customer.
            long start = System.nanoTime();
            for (int i = 0; i < counter; i++) {
                ResidentIdCard card = SyntheticCards.resident(random, i);
                sample(i, sampleEvery, sampled, card, customers.register(clerk, card, READER).customerId(), numbers, names, ids);
            }
            counterRate = counter / ((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "   %,9d customers one by one: %.0f/s%n", counter, counterRate);
            // The rest in batches per transaction, through the same registration code.
            start = System.nanoTime();
            for (int from = counter; from < n; from += BATCH) {
                int batchStart = from;
                int batchEnd = Math.min(n, from + BATCH);
                services.authorizer().require(clerk, com.payband.console.staff.Action.REGISTER_CUSTOMER);
                services.database().runInTransaction(s -> {
                    for (int i = batchStart; i < batchEnd; i++) {
                        ResidentIdCard card = SyntheticCards.resident(random, i);
                        UUID id = customers.registerWithin(s, clerk, card, READER, checks.check(card)).customerId();
                        sample(i, sampleEvery, sampled, card, id, numbers, names, ids);
                    }
                });
                if (batchEnd % 50_000 == 0) {
                    double secs = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "   %,9d customers  %7.1f s  %6.0f/s in bulk%n", batchEnd, secs,
                            (batchEnd - counter) / secs);
                }
            }
            bulkSeconds = (System.nanoTime() - start) / 1e9;
            // After an import, the operator compacts the store (operations.md): measure the store as it is then.
            long[] sizes = new com.payband.console.app.StoreAdministration(services)
                    .compactAndClose(TestStores.admin(services));
            System.out.printf(Locale.ROOT, "db compact after loading: %.1f MB -> %.1f MB%n", sizes[0] / 1e6, sizes[1] / 1e6);
        }
        // Reopen, as a console would the next morning, and measure there.
        try (ConsoleServices services = TestStores.open(dir)) {
            StaffSession clerk = services.staff().signIn("clerk", TestStores.passwordOf("clerk").toCharArray());
            int count = (int) Arrays.stream(ids).filter(java.util.Objects::nonNull).count();
            lookups(count, i -> services.database().inTransaction(s -> s.find(Customer.class, ids[i])));
            lookups(count, i -> services.customers().findByDocumentNumber(clerk, numbers[i]));
            lookups(count, i -> services.customers().findByName(clerk, names[i]));
            long[] baseline = lookups(count, i -> services.database().inTransaction(s -> s.find(Customer.class, ids[i])));
            long[] byNumber = lookups(count, i -> expectOne(services.customers().findByDocumentNumber(clerk, numbers[i])));
            long[] byName = lookups(count, i -> services.customers().findByName(clerk, names[i]));
            long commonTotal = services.customers().findByName(clerk, SyntheticCards.COMMON_NAME).total();
            long[] byCommonName = lookups(Math.min(count, 500), i -> services.customers().findByName(clerk, SyntheticCards.COMMON_NAME));
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heap = rt.totalMemory() - rt.freeMemory();

            System.out.printf(Locale.ROOT, "create one by one: %.0f customers/s (checked, authorised, audited, one commit each)%n",
                    counterRate);
            System.out.printf(Locale.ROOT, "create in bulk:    %,d customers in %.1f s (%.0f/s)%n", n - counter,
                    bulkSeconds, (n - counter) / Math.max(bulkSeconds, 1e-9));
            report("baseline (by key)", baseline, baseline);
            report("by ID number", byNumber, baseline);
            report("by full name", byName, baseline);
            report("common name", byCommonName, baseline);
            System.out.printf(Locale.ROOT, "                   (%s: %,d customers, the first page of %d decrypted)%n",
                    SyntheticCards.COMMON_NAME, commonTotal, CustomerService.PAGE);
            System.out.printf(Locale.ROOT, "data folder:       %.1f MB (%.0f bytes per customer)%n",
                    folderBytes(dir) / 1e6, (double) folderBytes(dir) / n);
            System.out.printf(Locale.ROOT, "heap in use:       %.1f MB after GC (max %.0f MB)%n", heap / 1e6, rt.maxMemory() / 1e6);
            System.out.printf(Locale.ROOT, "goal: p99 <= 5 ms for both lookups: %s%n",
                    percentile(byNumber, 99) <= 5_000_000 && percentile(byName, 99) <= 5_000_000 ? "MET" : "NOT MET");
        } finally {
            if (!Boolean.getBoolean("benchmark.keep")) {
                try {
                    com.payband.console.files.Folders.deleteTree(dir);
                } catch (IOException e) { // never in place of the benchmark's own failure
                    System.err.println("left behind: " + dir + " (" + e + ")");
                }
            }
        }
    }

    private static void sample(int i, int every, int[] sampled, ResidentIdCard card, UUID id, String[] numbers,
            String[] names, UUID[] ids) {
        if (i % every == 0 && sampled[0] < ids.length) {
            numbers[sampled[0]] = card.idNumber();
            names[sampled[0]] = card.fullName();
            ids[sampled[0]] = id;
            sampled[0]++;
        }
    }

    private static Object expectOne(List<CustomerMatch> matches) {
        if (matches.size() != 1) {
            throw new AssertionError("lookup by ID number found " + matches.size());
        }
        return matches;
    }

    @FunctionalInterface
    interface Lookup {
        Object run(int i) throws Exception;
    }

    private static long[] lookups(int count, Lookup lookup) throws Exception {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            lookup.run(i);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void report(String what, long[] sorted, long[] baseline) {
        System.out.printf(Locale.ROOT, "%-18s p50 %6.3f ms  p99 %6.3f ms  max %6.3f ms  (p99 %.1fx baseline)%n", what + ":",
                percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6,
                (double) percentile(sorted, 99) / percentile(baseline, 99));
    }

    private static long folderBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

}
