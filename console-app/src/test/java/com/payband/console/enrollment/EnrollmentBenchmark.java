package com.payband.console.enrollment;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.band.BandSerial;
import com.payband.band.protocol.P256;
import com.payband.drivers.band.sim.SimulatedBand;
import com.payband.drivers.band.sim.SimulatedRadio;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import com.payband.drivers.idcard.sim.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Enrollment overhead with zero simulated latency: document read to committed binding (the phone
 * step included, and timed on its own), crypto and database included (-Dbenchmark.enrollments=N, default 300). Baseline in the same process: registering
 * the customer alone (document checks, sealing, audit, one commit). Also the GATT traffic of one bind.
 * Run: {@code src/scripts/benchmark-enrollment.sh}. Prints figures; asserts nothing about time.
 */
@Tag("benchmark")
class EnrollmentBenchmark {

    private static String code(ConsoleServices services, UUID customer) {
        try {
            return services.simulator().customerPhone(customer).keyCode().text();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void enrollmentOverhead() throws Exception {
        int n = Integer.getInteger("benchmark.enrollments", 300);
        // enough uncounted enrollments for the JIT to compile the crypto and persistence paths (steady state)
        int w = Integer.getInteger("benchmark.warmup", 100);
        Path dir = Files.createTempDirectory("payband-enroll-benchmark");
        Clock clock = Clock.systemUTC();
        try (ConsoleServices services = TestStores.create(dir, clock)) {
            StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
            SimulatedRadio radio = services.simulator().radio();
            var issuerRoot = P256.decode(services.issuer().rootPublicKey());
            BandSerial[] serials = new BandSerial[n + w];
            for (int i = 0; i < serials.length; i++) {
                serials[i] = new BandSerial(String.format(Locale.ROOT, "PB9%05d", i));
                radio.add(SimulatedBand.manufacture(dir.resolve("bench-bands"), serials[i], services.simulator().manufacturer(),
                        issuerRoot, clock), -40);
            }
            try (SimulatedIdCardReader reader = new SimulatedIdCardReader(SimulatorSettings.instant(clock))) {
                ReaderInfo info = reader.info();
                long[] baseline = new long[n];
                long[] enroll = new long[n];
                long[] phoneStep = new long[n];
                java.util.Map<UUID, String> phones = new java.util.HashMap<>();
                java.util.Map<EnrollmentStep, Long> perStep = new java.util.EnumMap<>(EnrollmentStep.class);
                SimulatedRadio.Traffic before = null;
                SimulatedRadio.Traffic after = null;
                for (int i = 0; i < n + w; i++) {
                    boolean warm = i >= w;
                    reader.insertCard("zhang-wei");
                    long t0 = System.nanoTime();
                    IdDocument document = services.documentReading().readAndWait(clerk, reader, ReadRequest.plain()).document();
                    UUID customer = services.customers().register(clerk, document, info).customerId();
                    long t1 = System.nanoTime();
                    // the customer's phone makes its code on the phone (not the console's time); the scanner types it
                    String scanned = phones.computeIfAbsent(customer, c -> code(services, c));
                    long p0 = System.nanoTime();
                    CustomerPhone phone = services.enrollment().acceptPhone(clerk, customer, scanned);
                    long p1 = System.nanoTime();
                    if (warm) {
                        phoneStep[i - w] = p1 - p0;
                    }
                    if (i == n + w - 1) {
                        before = radio.traffic();
                    }
                    long[] last = {System.nanoTime()};
                    services.enrollment().enroll(clerk, customer, serials[i], phone, s -> {
                        long now = System.nanoTime();
                        if (warm) {
                            perStep.merge(s, now - last[0], Long::sum);
                        }
                        last[0] = now;
                    });
                    long t2 = System.nanoTime();
                    if (i == n + w - 1) {
                        after = radio.traffic();
                    }
                    if (warm) {
                        baseline[i - w] = t1 - t0;
                        enroll[i - w] = t2 - t0; // the phone step included
                    }
                    reader.removeCard();
                }
                Arrays.sort(baseline);
                Arrays.sort(enroll);
                System.out.printf(Locale.ROOT, "%n== PayBand enrollment benchmark: %d enrollments (after %d uncounted), zero simulated latency%n", n, w);
                System.out.printf(Locale.ROOT, "baseline (read + register): median %.2f ms  p90 %.2f ms%n",
                        baseline[n / 2] / 1e6, baseline[n * 9 / 10] / 1e6);
                System.out.printf(Locale.ROOT, "read to committed binding:  median %.2f ms  p90 %.2f ms  (median %.1fx baseline)%n",
                        enroll[n / 2] / 1e6, enroll[n * 9 / 10] / 1e6, (double) enroll[n / 2] / baseline[n / 2]);
                System.out.printf(Locale.ROOT, "goal: median <= 20 ms: %s%n", enroll[n / 2] <= 20_000_000 ? "MET" : "NOT MET");
                double phoneMean = Arrays.stream(phoneStep).average().orElse(0) / 1e6;
                Arrays.sort(phoneStep);
                System.out.printf(Locale.ROOT, "phone step (key code checked: parse, signature, freshness, not another"
                        + " customer's):  mean %.3f ms  median %.3f ms  p90 %.3f ms  (%.1f%% of the enrollment's median)%n",
                        phoneMean, phoneStep[n / 2] / 1e6, phoneStep[n * 9 / 10] / 1e6, 100 * phoneMean * 1e6 / enroll[n / 2]);
                System.out.printf(Locale.ROOT, "goal: phone step mean <= 1 ms: %s%n", phoneMean <= 1.0 ? "MET" : "NOT MET");
                System.out.println("mean time to reach each step (from the step before):");
                perStep.forEach((step, nanos) -> System.out.printf(Locale.ROOT, "  %-18s %6.2f ms%n", step, nanos / 1e6 / n));
                System.out.printf(Locale.ROOT, "GATT traffic of one enrollment: %d writes, %d indications, %d bytes%n",
                        after.writes() - before.writes(), after.indications() - before.indications(),
                        after.bytes() - before.bytes());
            }
        }
    }
}
