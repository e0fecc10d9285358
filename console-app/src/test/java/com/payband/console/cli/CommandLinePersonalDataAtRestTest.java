package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.RawDatabase;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.store.FolderScanner;
import com.payband.console.store.FolderScanner.Hit;
import com.payband.console.store.FolderScanner.Needle;
import com.payband.console.store.PersonalDataNeedles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The at-rest promise after whole enrollments through the command line, as a counter runs them in
 * separate processes: document read, registration, the customer's phone, the bind, the payment check,
 * a search with a reveal, a band's report, the simulated phones, the audit export, a backup and the
 * log. Every byte of the data folder (the simulator's bands and phones included) is searched.
 */
class CommandLinePersonalDataAtRestTest {

    /** A staff handle nothing else in the store could contain by chance: found, or the scan sees nothing. */
    private static final String MARKER = "marker.k4p8w2";

    @TempDir
    Path store;

    @TempDir
    Path elsewhere;

    @Test
    void aDataFolderAfterEnrollmentsOnTheCommandLineRevealsNoNameNumberAddressOrBirthDate() throws Exception {
        try (com.payband.console.sync.TestBackend backend = com.payband.console.sync.TestBackend.start(
                elsewhere.resolve("backend"))) {
            try (ConsoleServices services = TestStores.create(store)) {
                services.backend().register(TestStores.admin(services), backend.url(), backend.code(), "Shop");
                TestStores.staff(services, MARKER, Role.RETAIL_STAFF);
            }
            enrollAndScan();
        }
    }

    private void enrollAndScan() throws Exception {
        PaybandProcess clerk = PaybandProcess.on(store).env("PAYBAND_PASSPHRASE", TestStores.PASSPHRASE)
                .as(MARKER, TestStores.passwordOf(MARKER));
        PaybandProcess admin = clerk.as(TestStores.ADMIN, TestStores.PASSWORD);
        clerk.run("enroll", "--sim", "--card", "zhang-wei", "--band", "PB100001").expectSuccess();
        clerk.run("enroll", "--sim", "--card", "ayigul", "--band", "PB100002").expectSuccess();
        clerk.run("enroll", "--sim", "--card", "wang-fang-expired", "--band", "PB100003")
                .expectFailure(ExitCode.REFUSED); // expired: refused by the checks, nothing of it kept
        assertThat(clerk.run("customers", "find", "--name", "阿依古丽·买买提", "--reveal").expectSuccess().stdout())
                .contains("阿依古丽·买买提");
        clerk.run("band", "info", "PB100001", "--sim").expectSuccess();
        clerk.run("band", "phone", "--sim", "--as", "owner", "pay", "PB100002").expectSuccess();
        clerk.run("band", "phone", "--sim", "--as", "thief", "pay", "PB100001").expectExit(ExitCode.BAND_REFUSED);
        Path export = Files.createDirectories(store.resolve("exports")).resolve("audit.csv");
        admin.run("audit", "export", "--csv", "--out", export.toString()).expectSuccess();
        admin.run("db", "backup").expectSuccess();

        List<Needle> personal = new ArrayList<>();
        for (String sample : List.of("zhang-wei", "ayigul", "wang-fang-expired")) {
            personal.addAll(PersonalDataNeedles.of(sample));
        }
        Needle control = new Needle("staff handle (stored in clear by design)", MARKER);
        List<Needle> needles = new ArrayList<>(personal);
        needles.add(control);
        FolderScanner.Scan scan = FolderScanner.scan(store, needles);

        assertThat(scan.scanned()).contains("db/payband.mv.db", "logs/payband.log", "exports/audit.csv")
                .anyMatch(f -> f.startsWith("backups/") && f.endsWith(".zip"))
                .anyMatch(f -> f.startsWith("simulator/phones/customer-"))
                .anyMatch(f -> f.startsWith("simulator/bands/PB100001"));
        // the database files are encrypted as a whole; decrypted (an insider with the store key), they
        // show what they hold in clear by design, and still no personal data
        assertThat(scan.hitsOf(control)).extracting(Hit::where).contains("exports/audit.csv")
                .doesNotContain("db/payband.mv.db");
        Path decrypted = RawDatabase.decryptedDatabases(store, elsewhere.resolve("decrypted"));
        FolderScanner.Scan insider = FolderScanner.scan(decrypted, needles);
        assertThat(insider.hitsOf(control)).extracting(Hit::where).contains("payband.mv.db")
                .anyMatch(w -> w.startsWith("backup-"));
        for (FolderScanner.Scan s : List.of(scan, insider)) {
            List<Hit> leaks = s.hits().stream().filter(h -> !h.needle().equals(control)).toList();
            assertThat(leaks).as("personal data in clear:%n%s",
                    leaks.stream().map(Hit::toString).collect(Collectors.joining("\n"))).isEmpty();
        }
    }
}
