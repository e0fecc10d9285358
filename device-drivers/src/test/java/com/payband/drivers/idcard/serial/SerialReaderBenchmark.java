package com.payband.drivers.idcard.serial;

import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.serial.sim.HostLine;
import com.payband.drivers.idcard.serial.sim.LineTiming;
import com.payband.drivers.idcard.serial.sim.SerialReaderSimulator;
import com.payband.drivers.idcard.serial.sim.SimulatedSam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The GA/T 467 driver's cost (not in the test run: {@code src/scripts/benchmark-reader.sh}). Prints
 * figures; asserts nothing about time.
 *
 * <ol>
 *   <li>Overhead per full read (find, select, read text and photo, decode) with zero line time: over a
 *       socat pty pair with the simulator on the far end, and over an in-memory cable (no kernel), which
 *       is the driver's own work plus the simulator's. Goal: at most 2 ms.</li>
 *   <li>A full read with 115200-baud line time modelled by the simulator, against the wire time of the
 *       same bytes (10 bits a byte). Goal: at most 1.1 times: no needless round trips, waits or polling.</li>
 * </ol>
 * {@code -Dbenchmark.reads=N} (default 500), {@code -Dbenchmark.lineReads=N} (default 30).
 */
@Tag("benchmark")
class SerialReaderBenchmark {

    @Test
    void readerOverheadAndLineTime() throws Exception {
        int n = Integer.getInteger("benchmark.reads", 500);
        int warm = Integer.getInteger("benchmark.warmup", 300);
        int lineReads = Integer.getInteger("benchmark.lineReads", 30);
        Path dir = Files.createTempDirectory("payband-reader-benchmark");
        System.out.printf(Locale.ROOT, "%n== PayBand GA/T 467 reader benchmark (%d reads after %d uncounted; %s, %d cores)%n",
                n, warm, System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());

        // 1a. over a pty pair, zero line time
        try (ReaderRig rig = ReaderRig.start(dir.resolve("pty"), LineTiming.instant(115200), HostLine.matching(),
                SerialReaderSettings.defaults(), null)) {
            rig.sam.insertCard("zhang-wei");
            long[] t = timeReads(rig.reader, n, warm);
            System.out.printf(Locale.ROOT, "zero line time, socat pty pair:   median %.3f ms  p90 %.3f ms  p99 %.3f ms  (goal <= 2 ms: %s)%n",
                    t[n / 2] / 1e6, t[n * 9 / 10] / 1e6, t[n * 99 / 100] / 1e6, t[n / 2] <= 2_000_000 ? "MET" : "NOT MET");
        }

        // 1b. in memory, zero line time: no kernel, no pty
        InMemoryCable cable = new InMemoryCable();
        SimulatedSam sam = new SimulatedSam(ReaderRig.CLOCK);
        sam.insertCard("zhang-wei");
        try (SerialReaderSimulator simulator = new SerialReaderSimulator(sam, cable.simEnd(115200), LineTiming.instant(115200),
                HostLine.matching()).start();
                SerialIdCardReader reader = SerialIdCardReader.open("mem:host",
                        SerialReaderSettings.defaults().withOpener((path, baud) -> cable.hostEnd(baud)))) {
            long[] t = timeReads(reader, n, warm);
            System.out.printf(Locale.ROOT, "zero line time, in-memory cable:  median %.3f ms  p90 %.3f ms  p99 %.3f ms%n",
                    t[n / 2] / 1e6, t[n * 9 / 10] / 1e6, t[n * 99 / 100] / 1e6);
        }

        // 2. modelled 115200-baud line time against the wire time of the same bytes
        try (ReaderRig rig = ReaderRig.start(dir.resolve("line"), LineTiming.real(115200), HostLine.matching(),
                SerialReaderSettings.defaults(), null)) {
            rig.sam.insertCard("zhang-wei");
            rig.reader.connect().get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS);
            }
            double[] ratio = new double[lineReads];
            long[] took = new long[lineReads];
            long bytes = 0;
            for (int i = 0; i < lineReads; i++) {
                SerialReaderSimulator.Traffic before = rig.simulator.traffic();
                long t0 = System.nanoTime();
                rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS);
                took[i] = System.nanoTime() - t0;
                SerialReaderSimulator.Traffic after = rig.simulator.traffic();
                bytes = after.bytesIn() - before.bytesIn() + after.bytesOut() - before.bytesOut();
                ratio[i] = (double) took[i] / LineTiming.wireNanos(bytes, 115200);
            }
            Arrays.sort(ratio);
            Arrays.sort(took);
            double wireMs = LineTiming.wireNanos(bytes, 115200) / 1e6;
            System.out.printf(Locale.ROOT, "115200 baud modelled: %d bytes a read = %.2f ms of wire time; read median %.2f ms, worst %.2f ms%n",
                    bytes, wireMs, took[lineReads / 2] / 1e6, took[lineReads - 1] / 1e6);
            System.out.printf(Locale.ROOT, "read time / wire time: median %.3fx  worst %.3fx  (goal <= 1.1x: %s)%n",
                    ratio[lineReads / 2], ratio[lineReads - 1], ratio[lineReads / 2] <= 1.1 ? "MET" : "NOT MET");
        }
    }

    private static long[] timeReads(SerialIdCardReader reader, int n, int warm) throws Exception {
        long[] t = new long[n];
        for (int i = 0; i < n + warm; i++) {
            long t0 = System.nanoTime();
            reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS);
            long dt = System.nanoTime() - t0;
            if (i >= warm) {
                t[i - warm] = dt;
            }
        }
        Arrays.sort(t);
        return t;
    }
}
