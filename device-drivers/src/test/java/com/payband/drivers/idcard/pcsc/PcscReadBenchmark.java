package com.payband.drivers.idcard.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.ReadProgress;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.TravelDocument;
import com.payband.drivers.idcard.check.MrzKeyEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DG1 + DG2 + EF.SOD read through pcscd from the virtual passport, with passive authentication: the
 * first read in this JVM (the driver's classes, JMRTD and BouncyCastle loaded, the PC/SC context
 * established) and warm reads. The virtual passport runs as a process of its own, so that nothing of
 * the driver's is loaded before the first read. Printed figures, not pass/fail timings
 * (src/scripts/benchmark-pcsc.sh).
 */
@Tag("benchmark")
class PcscReadBenchmark {

    @Test
    void readThroughPcscd() throws Exception {
        int warmReads = Integer.getInteger("benchmark.reads", 50);
        Pcscd.shared();
        Path state = Paths.get("target", "pcsc-benchmark").toAbsolutePath();
        Files.deleteIfExists(state.resolve("ready"));
        Process card = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "com.payband.drivers.idcard.pcsc.sim.VirtualPassportMain", "--state-dir", state.toString(),
                "--reader", "0").inheritIO().start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(state.resolve("ready")) && System.nanoTime() < deadline) {
                Pcscd.sleep(20);
            }
            assertThat(state.resolve("ready")).exists();
            MrzAccessKey key = MrzKeyEntry.check(Files.readString(state.resolve("mrz.txt")), LocalDate.now())
                    .key().orElseThrow();
            CscaTrustList trust = CscaTrustList.load(state.resolve("trust"));

            long start = System.nanoTime();
            try (PcscReaders readers = PcscReaders.start(trust, Clock.systemUTC());
                    PcscIdCardReader reader = readers.open(Pcscd.READER_0)) {
                long listed = System.nanoTime();
                VirtualPassports.awaitCard(readers, Pcscd.READER_0, true);
                Map<ReadProgress.Stage, Long> firstStages = new EnumMap<>(ReadProgress.Stage.class);
                long t0 = System.nanoTime();
                TravelDocument first = read(reader, key, firstStages);
                long firstRead = System.nanoTime() - t0;
                assertThat(first.passiveAuthentication()).isEqualTo(PassiveAuthentication.VALID);

                List<Long> warm = new ArrayList<>();
                Map<ReadProgress.Stage, Long> warmStages = new EnumMap<>(ReadProgress.Stage.class);
                for (int i = 0; i < warmReads; i++) {
                    Map<ReadProgress.Stage, Long> stages = new EnumMap<>(ReadProgress.Stage.class);
                    long t = System.nanoTime();
                    read(reader, key, stages);
                    warm.add(System.nanoTime() - t);
                    stages.forEach((s, v) -> warmStages.merge(s, v, Long::sum));
                }
                Collections.sort(warm);
                print("PC/SC read benchmark: DG1 + DG2 (%d-byte JPEG face) + EF.SOD through pcscd 1.9.9 + vpcd,"
                        + " BAC + 3DES secure messaging, passive authentication VALID", first.portrait().data().length);
                print("  service connection + first reader list: %6.1f ms", ms(listed - start));
                print("  first read in this JVM:                 %6.1f ms   (%s)", ms(firstRead), split(firstStages, 1));
                print("  warm reads (%d): median %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms   (mean %s)",
                        warmReads, ms(warm.get(warm.size() / 2)), ms(warm.get(warm.size() * 9 / 10)), ms(warm.get(0)),
                        ms(warm.get(warm.size() - 1)), split(warmStages, warmReads));
            }
        } finally {
            card.destroy();
            card.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Reads and records how long each stage took (from its progress event to the next stage's). */
    private static TravelDocument read(PcscIdCardReader reader, MrzAccessKey key, Map<ReadProgress.Stage, Long> stages)
            throws Exception {
        long[] last = {System.nanoTime()};
        ReadProgress.Stage[] current = {ReadProgress.Stage.DETECTING_CARD};
        TravelDocument d = (TravelDocument) reader.read(ReadRequest.withAccessKey(key), p -> {
            if (p.stage() != current[0]) {
                long now = System.nanoTime();
                stages.merge(current[0], now - last[0], Long::sum);
                last[0] = now;
                current[0] = p.stage();
            }
        }).get(30, TimeUnit.SECONDS);
        return d;
    }

    private static String split(Map<ReadProgress.Stage, Long> stages, int reads) {
        StringBuilder b = new StringBuilder();
        stages.forEach((s, v) -> b.append(b.length() == 0 ? "" : ", ").append(s.name().toLowerCase(Locale.ROOT))
                .append(String.format(Locale.ROOT, " %.1f", ms(v / reads))));
        return b.toString();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
