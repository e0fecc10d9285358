package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.payband.console.TestCounter;
import com.payband.console.RawDatabase;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleLogging;
import com.payband.console.app.ConsoleServices;
import com.payband.console.app.StoreAdministration;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.Outcome;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.ReasonCode;
import com.payband.console.customer.DocumentRefusedException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.FolderScanner.Hit;
import com.payband.console.store.FolderScanner.Needle;
import com.payband.console.store.FolderScanner.Scan;
import com.payband.drivers.idcard.IdDocument;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * "A copied data folder alone must not reveal a name or an ID number, in the database, the outbox,
 * backups, logs or exports." A store is used the way a counter uses it, closed, and every byte under
 * its folder (zip entries and gzip streams unpacked) is searched for each customer's name, name
 * parts, document number, address and birth date, in every plausible encoding. A staff handle, stored
 * in clear by design, is searched for too and must be found, and so must a Chinese text written into
 * an audit event's detail: that the scan sees ASCII and Chinese text in the raw H2 file (whose own
 * string encoding is not UTF-8), in the backup's database and in the export is what makes finding
 * nothing else mean something.
 */
class PersonalDataAtRestTest {

    /** Registered, searched for, one revealed, one bound to a band. */
    private static final List<String> CUSTOMERS = List.of("zhang-wei", "ayigul", "passport-anna", "passport-unchecked");
    /** Read at the counter and refused: nothing of it may stay either. */
    private static final String REFUSED = "wang-fang-expired";
    /** A staff handle nothing else in the store could contain by chance. */
    private static final String MARKER = "marker.q7v3x9";
    /** Non-ASCII text the audit trail keeps in clear (it is told to), written the way H2 writes a name. */
    private static final String CJK_MARKER = "对照标记·门店甲乙";

    @TempDir
    Path root;

    @Test
    void aCopiedDataFolderRevealsNoNameNumberAddressOrBirthDate() throws Exception {
        Path store = root.resolve("payband");
        String backupName;
        ConsoleLogging.toFolder(new DataFolder(store));
        try {
            backupName = useTheStoreAsACounterDoes(store);
        } finally {
            restoreTestLogging();
        }
        Path log = store.resolve("logs").resolve("payband.log");
        assertThat(log).isNotEmptyFile();
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("schema migrated to v");

        List<Needle> personal = new ArrayList<>();
        for (String sample : CUSTOMERS) {
            personal.addAll(PersonalDataNeedles.of(sample));
        }
        personal.addAll(PersonalDataNeedles.of(REFUSED));
        Needle control = new Needle("staff handle (stored in clear by design)", MARKER);
        Needle cjkControl = new Needle("audit detail (stored in clear by design)", CJK_MARKER);
        List<Needle> needles = new ArrayList<>(personal);
        needles.add(control);
        needles.add(cjkControl);

        Scan scan = FolderScanner.scan(store, needles);
        // what an insider holding the store key reads in the database files
        Scan insider = FolderScanner.scan(RawDatabase.decryptedDatabases(store, root.resolve("decrypted")), needles);

        String backupDatabase = "backups/" + backupName + "!/" + StoreBackup.DATABASE_ENTRY;
        assertThat(scan.scanned()).contains("db/payband.mv.db", "keys.json", "audit-anchor.json", "logs/payband.log",
                "exports/audit.csv", "backups/" + backupName, backupDatabase,
                "backups/" + backupName + "!/keys.json", "backups/" + backupName + "!/audit-anchor.json");
        // the database files are encrypted as a whole: not even what is in clear in them by design shows
        assertThat(scan.hitsOf(control)).extracting(Hit::where).contains("exports/audit.csv")
                .doesNotContain("db/payband.mv.db", backupDatabase);
        assertThat(scan.hitsOf(cjkControl)).extracting(Hit::where).contains("exports/audit.csv")
                .doesNotContain("db/payband.mv.db", backupDatabase);
        // the positive control: decrypted, the H2 files show what they hold in clear by design
        String backupCopy = "backup-" + backupName.replace(".zip", "") + ".mv.db";
        assertThat(insider.scanned()).contains("payband.mv.db", backupCopy);
        assertThat(insider.hitsOf(control)).extracting(Hit::where).contains("payband.mv.db", backupCopy);
        assertThat(insider.hitsOf(control)).filteredOn(h -> h.where().equals("payband.mv.db"))
                .anySatisfy(h -> assertThat(h.encodings().split("/")).contains("UTF-8"));
        assertThat(insider.hitsOf(cjkControl)).extracting(Hit::where).contains("payband.mv.db", backupCopy);
        assertThat(insider.hitsOf(cjkControl)).filteredOn(h -> h.where().equals("payband.mv.db"))
                .allSatisfy(h -> assertThat(h.encodings()).isEqualTo(FolderScanner.H2_STRING.name()));
        assertNoPersonalData(insider, List.of(control, cjkControl), root.resolve("decrypted"));
        // and the promise
        assertNoPersonalData(scan, List.of(control, cjkControl), store);
    }

    static void assertNoPersonalData(Scan scan, List<Needle> controls, Path where) {
        List<Hit> leaks = scan.hits().stream().filter(h -> !controls.contains(h.needle())).toList();
        assertThat(leaks).as("personal data in clear under %s:%n%s", where,
                leaks.stream().map(Hit::toString).collect(Collectors.joining("\n"))).isEmpty();
    }

    /**
     * Registers the customers, searches, reveals one, binds a band and moves the binding (outbox
     * events), verifies and exports the audit trail into the data folder, takes a backup, closes.
     *
     * @return the backup's file name
     */
    private static String useTheStoreAsACounterDoes(Path store) throws Exception {
        try (ConsoleServices services = TestStores.create(store)) {
            StaffSession staff = TestCounter.staff(services, MARKER, Role.RETAIL_STAFF, Role.SUPPORT_AGENT);
            Map<String, UUID> ids = new LinkedHashMap<>();
            for (String sample : CUSTOMERS) {
                ids.put(sample, TestCounter.register(services, staff, sample).customerId());
            }
            assertThatThrownBy(() -> TestCounter.register(services, staff, REFUSED))
                    .isInstanceOf(DocumentRefusedException.class);

            for (String sample : CUSTOMERS) {
                IdDocument document = TestCounter.document(sample);
                assertThat(services.customers().findByDocumentNumber(staff, document.documentNumber()))
                        .singleElement().satisfies(m -> assertThat(m.customerId()).isEqualTo(ids.get(sample)));
                assertThat(services.customers().findByName(staff, document.fullName()).matches()).isNotEmpty();
            }
            assertThat(services.customers().findByName(staff, "ERIKSSON ANNA MARIA").matches()).hasSize(1);
            assertThat(services.customers().findByName(staff, "阿依古丽买买提").matches()).hasSize(1);

            UUID ayigul = ids.get("ayigul");
            assertThat(services.customers().reveal(staff, ayigul).fullName()).isEqualTo("阿依古丽·买买提");
            assertThat(events(services, AuditAction.PERSONAL_DATA_VIEWED))
                    .anySatisfy(e -> assertThat(e.targetId()).contains(ayigul.toString()));

            UUID binding = services.lifecycle().begin(staff, "PB-TEST-000471", new byte[65], "C0:FF:EE:00:47:11",
                    ids.get("zhang-wei"), true, TestStores.anyPhone());
            assertThat(services.lifecycle().transition(staff, binding, ReasonCode.BIND_CONFIRMED, Optional.empty()))
                    .isEqualTo(BindingState.ACTIVE);
            assertThat(services.lifecycle().transition(staff, binding, ReasonCode.LOST, Optional.empty()))
                    .isEqualTo(BindingState.SUSPENDED);
            assertThat(services.outbox().pendingCount()).isEqualTo(3);

            services.audit().record(staff.actor(), AuditAction.SETTINGS_CHANGED, Outcome.SUCCESS, null, null, CJK_MARKER);

            StaffSession admin = TestStores.admin(services);
            assertThat(services.auditReview().verify(admin).problems()).isEmpty();
            Path export = Files.createDirectories(store.resolve("exports")).resolve("audit.csv");
            try (Writer out = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
                assertThat(services.auditReview().exportCsv(admin, AuditQuery.all(), out)).isPositive();
            }
            new StoreAdministration(services).stats(admin);
            return new StoreAdministration(services).backup(admin, null).getFileName().toString();
        }
    }

    private static List<AuditEvent> events(ConsoleServices services, AuditAction action) {
        List<AuditEvent> events = new ArrayList<>();
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action),
                Integer.MAX_VALUE), events::add);
        return events;
    }

    /** ConsoleLogging replaced the JVM-wide configuration; the tests after this one log as before. */
    private static void restoreTestLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }
}
