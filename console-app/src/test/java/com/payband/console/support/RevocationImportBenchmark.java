package com.payband.console.support;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A list of stolen bands from the provider or the police taken into a store: N lines (-Dbenchmark.lines, default
 * 10,000) checked as a dry run, then imported in one transaction, then the same file again (every band already
 * listed). Baseline in the same run: the same text only read and split into cells. Run:
 * {@code src/scripts/benchmark-import.sh}. Prints figures; asserts nothing about time.
 */
@Tag("benchmark")
class RevocationImportBenchmark {

    @Test
    void importALongList() throws Exception {
        int n = Integer.getInteger("benchmark.lines", 10_000);
        StringBuilder csv = new StringBuilder("serial,reason,reference\n");
        for (int i = 0; i < n; i++) {
            csv.append(String.format(Locale.ROOT, "PB7%05X,%s,Police report %d%n", i, i % 7 == 0 ? "FRAUD" : "STOLEN", i));
        }
        String text = csv.toString();
        Path dir = Files.createTempDirectory("payband-import-benchmark");
        try (ConsoleServices services = TestStores.create(dir.resolve("store"), Clock.systemUTC())) {
            StaffSession agent = TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
            RevocationImport imports = services.revocationImport();
            // one small import first: the store's and Hibernate's first-use costs are not the list's
            imports.importCsv(agent, new StringReader("PB6FFFFF,STOLEN,warm-up\n"), "warm-up.csv", false);

            long baselineStart = System.nanoTime();
            int cells = 0;
            try (BufferedReader in = new BufferedReader(new StringReader(text))) {
                String line;
                while ((line = in.readLine()) != null) {
                    cells += line.split(",", -1).length;
                }
            }
            double baseline = secs(baselineStart);

            long dryStart = System.nanoTime();
            RevocationImport.Result dry = imports.importCsv(agent, new StringReader(text), "list.csv", true);
            double dryRun = secs(dryStart);
            long start = System.nanoTime();
            RevocationImport.Result done = imports.importCsv(agent, new StringReader(text), "list.csv", false);
            double taken = secs(start);
            long againStart = System.nanoTime();
            RevocationImport.Result again = imports.importCsv(agent, new StringReader(text), "list.csv", false);
            double repeated = secs(againStart);

            System.out.printf(Locale.ROOT, "baseline: %,d lines read and split (%,d cells) in %.3f s%n", n + 1, cells,
                    baseline);
            System.out.printf(Locale.ROOT, "dry run: %,d lines checked, %,d would be added, in %.2f s%n", dry.lines(),
                    dry.added(), dryRun);
            System.out.printf(Locale.ROOT, "import: %,d bands added in %.2f s = %,.0f lines/s%n", done.added(), taken,
                    done.lines() / taken);
            System.out.printf(Locale.ROOT, "again: %,d already listed, %,d added, in %.2f s%n", again.alreadyKnown(),
                    again.added(), repeated);
            System.out.printf(Locale.ROOT, "ratio import / read-and-split = %.0f (goal: %,d lines in seconds)%n",
                    taken / baseline, n);
        }
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
