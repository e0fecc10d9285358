package com.payband.console.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.BandSerial;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.Revocation;
import com.payband.console.enrollment.EnrollmentException;
import com.payband.console.staff.AccessDeniedException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A list of stolen bands imported from a CSV file: a dry run changes nothing, one bad line applies nothing and is
 * named, a second import adds nothing twice, a clerk may not import; an imported band is refused at enrollment and
 * marked in the scan; 10,000 lines import in seconds (the figure is printed).
 */
class RevocationImportTest {

    @TempDir
    Path dir;

    private ConsoleServices store;
    private StaffSession clerk;
    private StaffSession agent;

    @BeforeEach
    void open() throws Exception {
        store = TestStores.create(dir);
        clerk = TestStores.staff(store, "clerk", Role.RETAIL_STAFF);
        agent = TestStores.staff(store, "agent", Role.SUPPORT_AGENT);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RevocationImport.Result importing(StaffSession staff, String csv, boolean dryRun) throws Exception {
        return store.revocationImport().importCsv(staff, new StringReader(csv), "list.csv", dryRun);
    }

    @Test
    void aDryRunChangesNothingABadLineAppliesNothingAndAListIsTakenOnce() throws Exception {
        String csv = "\uFEFFserial,reason,reference\nPB200001,STOLEN,Police 2026-1142\n\"pb9a0001\",fraud,\"Case \"\"77\"\"\"\n";
        assertThat(importing(agent, csv, true)).isEqualTo(new RevocationImport.Result(2, 2, 0, false));
        assertThat(store.lifecycle().revocationsOfBand("PB200001")).isEmpty();

        assertThatThrownBy(() -> importing(agent, csv + "PB9A0002,LOST,\n", false))
                .isInstanceOfSatisfying(RevocationImport.BadLine.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.problem()).isEqualTo(RevocationImport.BadLine.Problem.REASON);
                });
        assertThatThrownBy(() -> importing(agent, csv + "PB200001,STOLEN,again\n", false))
                .isInstanceOfSatisfying(RevocationImport.BadLine.class,
                        e -> assertThat(e.problem()).isEqualTo(RevocationImport.BadLine.Problem.DUPLICATE));
        assertThatThrownBy(() -> importing(agent, "PB200001;STOLEN;x\n", false))
                .isInstanceOfSatisfying(RevocationImport.BadLine.class,
                        e -> assertThat(e.problem()).isEqualTo(RevocationImport.BadLine.Problem.COLUMNS));
        assertThatThrownBy(() -> importing(agent, "serial,reason,reference\n", false))
                .isInstanceOfSatisfying(RevocationImport.BadLine.class,
                        e -> assertThat(e.problem()).isEqualTo(RevocationImport.BadLine.Problem.EMPTY_FILE));
        assertThat(store.lifecycle().revocationsOfBand("PB200001")).isEmpty();
        assertThatThrownBy(() -> importing(clerk, csv, false)).isInstanceOf(AccessDeniedException.class);

        assertThat(importing(agent, csv, false)).isEqualTo(new RevocationImport.Result(2, 2, 0, true));
        assertThat(store.lifecycle().revocationsOfBand("PB9A0001")).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo(Revocation.Source.IMPORTED);
            assertThat(r.reference()).contains("Case \"77\"");
        });
        assertThat(importing(agent, csv, false)).isEqualTo(new RevocationImport.Result(2, 0, 2, true));
        // the trail says which bands this member added: the digest an auditor recomputes from the serials
        String expected = RevocationImport.addedDigest(java.util.Set.of("PB200001", "PB9A0001"), java.util.Set.of());
        java.util.List<String> details = new java.util.ArrayList<>();
        store.audit().forEach(com.payband.console.audit.AuditQuery.all(), e -> {
            if (e.action() == com.payband.console.audit.AuditAction.REVOCATIONS_IMPORTED) {
                details.add(e.detail().orElse(""));
            }
        });
        assertThat(details).anySatisfy(d -> assertThat(d).contains("2 bands added").endsWith("added sha256=" + expected));
        // a file name that would pass for other text in the trail is refused before anything is read
        assertThatThrownBy(() -> store.revocationImport().importCsv(agent, new StringReader(csv), "list\n.csv", false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anImportedBandIsRefusedAtEnrollmentAndMarkedInTheScan() throws Exception {
        UUID ayigul = TestStores.customer(store, clerk, "ayigul");
        BandSerial elsewhere = new BandSerial("PB200001"); // the sample band bound in another store
        assertThatThrownBy(() -> store.enrollment().enroll(clerk, ayigul, elsewhere, TestStores.phoneOf(store, clerk,
                ayigul), s -> { })).isInstanceOfSatisfying(EnrollmentException.class,
                        e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.BOUND_TO_ANOTHER));
        importing(agent, "PB200001,STOLEN,Police 2026-1142\n", false);
        assertThatThrownBy(() -> store.enrollment().enroll(clerk, ayigul, elsewhere, TestStores.phoneOf(store, clerk,
                ayigul), s -> { })).isInstanceOfSatisfying(EnrollmentException.class,
                        e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.REPORTED_STOLEN));
        var heard = store.bandInspection().scan(clerk, java.time.Duration.ofMillis(300), l -> { });
        assertThat(store.bandInspection().reportedStolen(clerk, heard)).contains(elsewhere);
        assertThat(store.support().lookUp(clerk, elsewhere).revocations()).singleElement()
                .satisfies(r -> assertThat(r.source()).isEqualTo(Revocation.Source.IMPORTED));
    }

    @Test
    void tenThousandLinesImportInSeconds() throws Exception {
        StringBuilder csv = new StringBuilder("serial,reason,reference\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(String.format("PB%06d,STOLEN,batch-%d%n", 900_000 + i, i));
        }
        long started = System.nanoTime();
        RevocationImport.Result r = importing(agent, csv.toString(), false);
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("revocation import: 10,000 lines in %d ms (%.0f lines/s)%n", ms, 10_000 * 1000.0 / Math.max(ms, 1));
        assertThat(r.added()).isEqualTo(10_000);
        assertThat(store.lifecycle().revocationsOfBand("PB909999")).hasSize(1);
    }
}
