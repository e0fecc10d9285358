package com.payband.console.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.RawDatabase;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.Actor;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.i18n.Messages;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit screen for auditors and administrators, against a real store, without a screen. */
class AuditViewModelTest {

    @TempDir
    Path dir;

    @TempDir
    Path exports;

    private ConsoleServices services;
    private ConsoleContext context;
    private AuditViewModel model;

    /** A store with an admin, a clerk (created, signed in, own password) and an auditor; the auditor looks. */
    private void openAsAuditor() throws Exception {
        services = TestStores.create(dir);
        TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        StaffSession auditor = TestStores.staff(services, "auditor", Role.AUDITOR);
        open(auditor);
    }

    private void open(StaffSession staff) {
        context = UiTestContexts.open(dir, services, staff);
        model = new AuditViewModel(context, ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        } else if (services != null) {
            services.close();
        }
    }

    @Test
    void theTrailIsShownNewestFirstInWords() throws Exception {
        openAsAuditor();

        model.search();

        assertThat(model.problem().get()).isEmpty();
        assertThat(model.events()).isNotEmpty();
        assertThat(model.events()).isSortedAccordingTo(Comparator.comparingLong(AuditEvent::seq).reversed());
        assertThat(model.more().get()).isFalse();
        assertThat(model.summary().get()).endsWith("matching events, newest first.");
        AuditEvent created = model.events().stream().filter(e -> e.action() == AuditAction.STAFF_CREATED).findFirst()
                .orElseThrow();
        assertThat(model.actionText(created.action())).isEqualTo("Staff account created");
        assertThat(model.outcomeText(created.outcome())).isEqualTo("Success");
        assertThat(model.targetText(created)).isIn("Staff: clerk", "Staff: auditor");
        assertThat(model.reasonText(created)).startsWith("roles [");
        assertThat(model.timeText(created.at())).isNotBlank();
        assertThat(model.actionText(null)).isEqualTo("All actions");
        assertThat(model.actionChoices()).startsWith((AuditAction) null).hasSize(AuditAction.values().length + 1);
    }

    @Test
    void theFiltersNarrowTheRows() throws Exception {
        openAsAuditor();
        model.search();
        int all = model.events().size();

        model.staffName().set(" Clerk ");
        model.search();
        assertThat(model.events()).isNotEmpty().hasSizeLessThan(all)
                .allSatisfy(e -> assertThat(e.actorName()).isEqualTo("clerk"));

        model.staffName().set("");
        model.action().set(AuditAction.STAFF_CREATED);
        model.search();
        assertThat(model.events()).hasSize(2).allSatisfy(e -> assertThat(e.action()).isEqualTo(AuditAction.STAFF_CREATED));
        assertThat(model.summary().get()).isEqualTo("2 matching events, newest first.");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        model.from().set(today);
        model.to().set(today);
        model.search();
        assertThat(model.events()).hasSize(2);

        model.from().set(today.plusDays(1));
        model.to().set(today.plusDays(2));
        model.search();
        assertThat(model.events()).isEmpty();
        assertThat(model.summary().get()).isEqualTo("No event matches.");

        model.to().set(today);
        model.search();
        assertThat(model.problem().get()).isEqualTo("The start date is after the end date.");

        model.clearFilters();
        assertThat(model.problem().get()).isEmpty();
        assertThat(model.events()).hasSizeGreaterThan(all); // every look at the trail is itself recorded
    }

    @Test
    void atMostTheNewestThousandAreShownAndTheScreenSaysMoreExist() throws Exception {
        services = TestStores.create(dir);
        for (int i = 0; i < AuditViewModel.ROW_CAP + 5; i++) {
            services.audit().record(Actor.SYSTEM, AuditAction.STORE_OPENED, Outcome.SUCCESS, null, null, "n" + i);
        }
        open(TestStores.admin(services));

        model.action().set(AuditAction.STORE_OPENED);
        model.search();

        assertThat(model.events()).hasSize(AuditViewModel.ROW_CAP);
        assertThat(model.events().get(0).detail()).contains("n" + (AuditViewModel.ROW_CAP + 4));
        assertThat(model.more().get()).isTrue();
        assertThat(model.summary().get()).isEqualTo(
                "Showing the 1,000 newest of 1,005 matching events: narrow the filters, or export them all as CSV.");
    }

    @Test
    void verifyingAnIntactChainSaysSo() throws Exception {
        openAsAuditor();
        assertThat(model.mayVerify()).isTrue();
        assertThat(model.mayExport()).isTrue();

        model.verify();

        assertThat(model.tampered().get()).isFalse();
        assertThat(model.verification().get()).startsWith("Audit trail intact:").endsWith("events checked.");
        assertThat(model.verificationProblems()).isEmpty();
        assertThat(model.problem().get()).isEmpty();
    }

    @Test
    void verifyingAnEditedChainSaysItWasTamperedWith() throws Exception {
        services = TestStores.create(dir);
        TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        long edited = services.audit().count() - 2;
        services.close();
        try (RawDatabase db = RawDatabase.open(dir)) {
            assertThat(db.update("UPDATE audit_event SET detail = 'nothing to see' WHERE seq = ?", edited)).isEqualTo(1);
        }
        services = TestStores.open(dir);
        open(TestStores.admin(services));

        model.verify();

        assertThat(model.tampered().get()).isTrue();
        assertThat(model.verification().get()).startsWith("AUDIT TRAIL TAMPERED: 1 problems");
        assertThat(model.verificationProblems()).containsExactly("event " + edited + " was altered");
    }

    @Test
    void theExportWritesTheHeaderAndEveryMatchingRow() throws Exception {
        openAsAuditor();
        model.action().set(AuditAction.STAFF_CREATED);
        Path file = exports.resolve("audit.csv");

        model.export(file);

        assertThat(model.problem().get()).isEmpty();
        assertThat(model.notice().get()).isEqualTo("2 events exported to " + file + ".");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("seq,at,actor,action,outcome,target_type,target_id,reason,detail,mac");
        assertThat(lines.get(1)).contains(",admin,STAFF_CREATED,SUCCESS,staff,clerk,");
        assertThat(lines.get(2)).contains(",admin,STAFF_CREATED,SUCCESS,staff,auditor,");
        assertThat(exports.resolve("audit.csv.partial")).doesNotExist();
        assertThat(model.exportFileName()).startsWith("payband-audit-").endsWith(".csv");
    }

    @Test
    void rolesWithoutTheRightCannotVerifyNorExport() throws Exception {
        services = TestStores.create(dir);
        open(TestStores.staff(services, "clerk", Role.RETAIL_STAFF));

        assertThat(model.mayVerify()).isFalse();
        assertThat(model.mayExport()).isFalse();
        model.export(exports.resolve("audit.csv"));
        assertThat(model.problem().get()).isEqualTo("Your role does not allow you to export the audit trail.");
        assertThat(exports.resolve("audit.csv")).doesNotExist();
        assertThat(exports.resolve("audit.csv.partial")).doesNotExist();
    }

    @Test
    void everyActionOutcomeAndTargetHasWordsInBothLanguages() {
        for (Locale locale : Messages.SUPPORTED) {
            Messages m = Messages.forWindow(locale);
            for (AuditAction a : AuditAction.values()) {
                assertThat(m.has("auditAction." + a.name())).as(locale + " " + a).isTrue();
            }
            for (Outcome o : Outcome.values()) {
                assertThat(m.has("auditOutcome." + o.name())).as(locale + " " + o).isTrue();
            }
            for (Target t : List.of(Target.staff("x"), Target.band("x"), Target.store("x"), Target.reader("x"),
                    new Target("setting", "x"), Target.customer(java.util.UUID.randomUUID()),
                    Target.binding(java.util.UUID.randomUUID()))) {
                assertThat(m.has("auditTarget." + t.type())).as(locale + " " + t.type()).isTrue();
            }
        }
    }
}
