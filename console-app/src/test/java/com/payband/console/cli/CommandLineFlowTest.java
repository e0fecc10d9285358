package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day at a store through the command line, one separate process per command, on one store: the
 * administrator sets up staff, a clerk changes the password set for them, reads and registers customers,
 * finds them masked and reveals them; sign-in failures, lock-out and unlock, disabled accounts and roles
 * that may not act; then the auditor checks and exports the audit trail, the administrator backs up
 * and counts.
 * Later steps build on earlier ones; once a step fails the rest are skipped ({@link StepwiseFlow}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepwiseFlow.class)
class CommandLineFlowTest {

    static final String PASSPHRASE = "passphrase of the flow test store";
    static final String ADMIN_PASSWORD = "Harbour-Lantern-Sixty-4";
    static final String CLERK_FIRST_PASSWORD = "Given-By-The-Boss-2024";
    static final String CLERK_PASSWORD = "Mine-Alone-Copper-77";
    static final String TECH_FIRST_PASSWORD = "Field-Visit-Ladder-5";
    static final String TECH_PASSWORD = "Spanner-And-Probe-63";
    static final String AUDITOR_FIRST_PASSWORD = "Ledger-Reading-Glass-8";
    static final String AUDITOR_PASSWORD = "Quiet-Column-Totals-19";

    static final String WRONG_CREDENTIALS = "payband: Wrong account name or password.";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static PaybandProcess cli;
    static PaybandProcess admin;
    static PaybandProcess clerk;
    static PaybandProcess tech;
    static PaybandProcess auditor;

    /** What earlier steps learnt, for later ones. */
    static String zhangWeiNumber;
    static long exportedEvents;

    @BeforeAll
    static void folder() {
        cli = PaybandProcess.on(temp.resolve("data")).env("PAYBAND_PASSPHRASE", PASSPHRASE);
        admin = cli.as("admin", ADMIN_PASSWORD);
        clerk = cli.as("clerk", CLERK_PASSWORD);
        tech = cli.as("tech", TECH_PASSWORD);
        auditor = cli.as("auditor", AUDITOR_PASSWORD);
    }

    @Test
    @Order(1)
    void theAdministratorCreatesTheStoreAndAddsStaff() {
        cli.env("PAYBAND_PASSWORD", ADMIN_PASSWORD).run("admin", "init", "--user", "admin").expectSuccess();

        assertThat(admin.env("PAYBAND_NEW_PASSWORD", CLERK_FIRST_PASSWORD)
                .run("staff", "add", "clerk", "--role", "RETAIL_STAFF").expectSuccess().stdout().strip())
                .isEqualTo("clerk added with roles Retail staff. They must change the password at first sign-in.");
        admin.env("PAYBAND_NEW_PASSWORD", TECH_FIRST_PASSWORD)
                .run("staff", "add", "tech", "--role", "FIELD_TECHNICIAN").expectSuccess();
        admin.env("PAYBAND_NEW_PASSWORD", AUDITOR_FIRST_PASSWORD)
                .run("staff", "add", "auditor", "--role", "AUDITOR").expectSuccess();
    }

    @Test
    @Order(2)
    void aNewClerkMustChangeThePasswordBeforeAnythingElse() throws Exception {
        // not even what any role may do: reading the settings
        PaybandProcess.Result first = cli.as("clerk", CLERK_FIRST_PASSWORD).run("settings", "list");
        assertThat(first.expectFailure(ExitCode.ACCESS_DENIED))
                .isEqualTo("payband: Change your password first: payband password change");
        assertThat(first.stdout()).isEmpty();

        PaybandProcess.Result change = cli.as("clerk", CLERK_FIRST_PASSWORD)
                .env("PAYBAND_NEW_PASSWORD", CLERK_PASSWORD).run("password", "change").expectSuccess();
        assertThat(change.stdout().strip()).isEqualTo("Password of clerk changed.");

        PaybandProcess.Result read = clerk.run("reader", "read", "--sim", "--card", "zhang-wei", "--json")
                .expectSuccess();
        JsonNode doc = JSON.readTree(read.stdout());
        assertThat(doc.get("name").asText()).isEqualTo("张伟");
        assertThat(doc.get("checks").get("accepted").asBoolean()).isTrue();
        zhangWeiNumber = doc.get("idNumber").asText();
        assertThat(zhangWeiNumber).hasSize(18);
    }

    @Test
    @Order(3)
    void theClerkRegistersCustomersWhoseDocumentsPassTheChecks() throws Exception {
        PaybandProcess.Result zhangWei = clerk.run("customers", "register", "--sim", "--card", "zhang-wei")
                .expectSuccess();
        assertThat(zhangWei.stdout().strip()).matches("New customer 张\\* registered \\(id [0-9a-f-]{36}\\)\\.");

        PaybandProcess.Result expired = clerk.run("customers", "register", "--sim", "--card", "wang-fang-expired");
        assertThat(expired.expectFailure(ExitCode.REFUSED))
                .isEqualTo("payband: Document refused: the document has expired.");
        assertThat(expired.stdout()).isEmpty();

        PaybandProcess.Result passport = clerk.run("customers", "register", "--sim", "--card", "passport-anna",
                "--json").expectSuccess();
        JsonNode registered = JSON.readTree(passport.stdout());
        assertThat(registered.get("new").asBoolean()).isTrue();
        assertThat(registered.get("documentType").asText()).isEqualTo("PASSPORT");
        assertThat(passport.stdout()).doesNotContain("ERIKSSON", "L898902C3");
    }

    @Test
    @Order(4)
    void findByIdNumberShowsOneMaskedMatch() {
        PaybandProcess.Result find = clerk.run("customers", "find", "--id-number", zhangWeiNumber).expectSuccess();

        List<String> lines = find.stdout().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("Customer").contains("Name", "Document number", "Registered");
        String masked = zhangWeiNumber.substring(0, 4) + "*".repeat(10) + zhangWeiNumber.substring(14);
        assertThat(lines.get(1)).matches("[0-9a-f-]{36} +张\\* +" + Pattern.quote(masked) + " +.*");
        assertThat(find.stdout()).doesNotContain("张伟", zhangWeiNumber, zhangWeiNumber.substring(0, 10));
    }

    @Test
    @Order(5)
    void findByNameIgnoresWidthCaseSpacesAndNameOrder() throws Exception {
        // surname first, lower case, full-width letters and an ideographic space
        PaybandProcess.Result find = clerk.run("customers", "find", "--name", "ｅｒｉｋｓｓｏｎ　ａｎｎａ ｍａｒｉａ",
                "--json").expectSuccess();

        JsonNode matches = JSON.readTree(find.stdout()).get("matches");
        assertThat(matches).hasSize(1);
        assertThat(matches.get(0).get("documentType").asText()).isEqualTo("PASSPORT");
        assertThat(matches.get(0).get("maskedName").asText()).isEqualTo("A*** M**** E*******");
        assertThat(find.stdout()).doesNotContain("ERIKSSON", "L898902C3");
    }

    @Test
    @Order(6)
    void fiveWrongPasswordsLockTheAccountUntilAnAdministratorUnlocksIt() {
        PaybandProcess wrong = cli.as("clerk", "Not-The-Clerks-Password-1");
        for (int attempt = 1; attempt <= 5; attempt++) {
            PaybandProcess.Result signIn = wrong.run("customers", "find", "--id-number", zhangWeiNumber);
            assertThat(signIn.expectFailure(ExitCode.SIGN_IN_FAILED)).as("attempt %d", attempt)
                    .isEqualTo(WRONG_CREDENTIALS);
            assertThat(signIn.stdout()).isEmpty();
        }

        // an account that does not exist gets the very same answer
        PaybandProcess.Result nobody = cli.as("nobody", "Not-The-Clerks-Password-1")
                .run("customers", "find", "--id-number", zhangWeiNumber);
        assertThat(nobody.expectFailure(ExitCode.SIGN_IN_FAILED)).isEqualTo(WRONG_CREDENTIALS);

        PaybandProcess.Result locked = clerk.run("customers", "find", "--id-number", zhangWeiNumber);
        assertThat(locked.expectFailure(ExitCode.SIGN_IN_FAILED))
                .startsWith("payband: This account is locked after too many failed sign-ins, until ")
                .endsWith(". An administrator can unlock it.");
        assertThat(locked.stdout()).isEmpty();

        assertThat(admin.run("staff", "unlock", "clerk").expectSuccess().stdout().strip())
                .isEqualTo("clerk is unlocked.");
    }

    @Test
    @Order(7)
    void revealShowsTheUnlockedClerkTheCustomerInClear() {
        // spaces, an ideographic (full-width) space, around and inside the name
        PaybandProcess.Result reveal = clerk.run("customers", "find", "--name", " 张　伟 ", "--reveal")
                .expectSuccess();

        assertThat(reveal.stdout()).contains("张伟", zhangWeiNumber, "北京市东城区景山前街4号");
    }

    @Test
    @Order(8)
    void aFieldTechnicianMayNotSearchCustomers() {
        cli.as("tech", TECH_FIRST_PASSWORD).env("PAYBAND_NEW_PASSWORD", TECH_PASSWORD).run("password", "change")
                .expectSuccess();

        PaybandProcess.Result find = tech.run("customers", "find", "--id-number", zhangWeiNumber);

        assertThat(find.expectFailure(ExitCode.ACCESS_DENIED))
                .isEqualTo("payband: Your role does not allow you to search customers.");
        assertThat(find.stdout()).isEmpty();
    }

    @Test
    @Order(9)
    void anAuditorMayNotAddStaff() {
        cli.as("auditor", AUDITOR_FIRST_PASSWORD).env("PAYBAND_NEW_PASSWORD", AUDITOR_PASSWORD)
                .run("password", "change").expectSuccess();

        PaybandProcess.Result add = auditor.env("PAYBAND_NEW_PASSWORD", "Sneaky-Extra-Account-9")
                .run("staff", "add", "intruder", "--role", "ADMIN");

        assertThat(add.expectFailure(ExitCode.ACCESS_DENIED))
                .isEqualTo("payband: Your role does not allow you to manage staff accounts.");
        assertThat(add.stdout()).isEmpty();
    }

    @Test
    @Order(10)
    void aDisabledAccountCannotSignIn() {
        assertThat(admin.run("staff", "disable", "tech").expectSuccess().stdout().strip())
                .isEqualTo("tech is disabled and can no longer sign in.");

        PaybandProcess.Result signIn = tech.run("db", "stats");
        assertThat(signIn.expectFailure(ExitCode.SIGN_IN_FAILED))
                .isEqualTo("payband: This account is disabled. Ask an administrator.");
        assertThat(signIn.stdout()).isEmpty();
    }

    @Test
    @Order(11)
    void staffListShowsEveryAccountWithItsRolesAndState() throws Exception {
        JsonNode staff = JSON.readTree(admin.run("staff", "list", "--json").expectSuccess().stdout()).get("staff");

        assertThat(staff).hasSize(4);
        JsonNode administrator = account(staff, "admin");
        assertThat(roles(administrator)).containsExactly("ADMIN");
        assertThat(administrator.get("enabled").asBoolean()).isTrue();
        assertThat(administrator.get("mustChangePassword").asBoolean()).isFalse();
        assertThat(administrator.get("lastSignInAt").isNull()).isFalse();

        JsonNode clerkAccount = account(staff, "clerk");
        assertThat(roles(clerkAccount)).containsExactly("RETAIL_STAFF");
        assertThat(clerkAccount.get("enabled").asBoolean()).isTrue();
        assertThat(clerkAccount.get("locked").asBoolean()).isFalse();
        assertThat(clerkAccount.get("mustChangePassword").asBoolean()).isFalse();
        assertThat(clerkAccount.get("lastSignInAt").isNull()).isFalse();

        JsonNode technician = account(staff, "tech");
        assertThat(roles(technician)).containsExactly("FIELD_TECHNICIAN");
        assertThat(technician.get("enabled").asBoolean()).isFalse();

        JsonNode auditorAccount = account(staff, "auditor");
        assertThat(roles(auditorAccount)).containsExactly("AUDITOR");
        assertThat(auditorAccount.get("enabled").asBoolean()).isTrue();
        assertThat(auditorAccount.get("mustChangePassword").asBoolean()).isFalse();
    }

    @Test
    @Order(12)
    void theAuditTrailShowsRefusalsRevealsAndLockOutsButNoPersonalData() throws Exception {
        PaybandProcess.Result list = auditor.run("audit", "list", "--json").expectSuccess();
        JsonNode events = JSON.readTree(list.stdout()).get("events");

        assertThat(events(events, e -> is(e, "ACCESS_DENIED", "auditor"))).singleElement().satisfies(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("DENIED");
            assertThat(e.get("reason").asText()).isEqualTo("NOT_PERMITTED");
            assertThat(e.get("detail").asText()).isEqualTo("MANAGE_STAFF");
        });
        assertThat(events(events, e -> is(e, "ACCESS_DENIED", "tech"))).singleElement()
                .satisfies(e -> assertThat(e.get("detail").asText()).isEqualTo("FIND_CUSTOMER"));
        assertThat(events(events, e -> is(e, "ACCESS_DENIED", "clerk"))).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asText()).isEqualTo("PASSWORD_CHANGE_REQUIRED"));
        assertThat(events(events, e -> is(e, "PASSWORD_CHANGED", "clerk"))).hasSize(1);
        assertThat(events(events, e -> is(e, "PERSONAL_DATA_VIEWED", "clerk"))).singleElement().satisfies(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("SUCCESS");
            assertThat(e.get("targetType").asText()).isEqualTo("customer");
        });
        assertThat(events(events, e -> e.get("action").asText().equals("ACCOUNT_LOCKED"))).hasSize(1);
        assertThat(events(events, e -> is(e, "SIGN_IN_FAILED", "clerk"))).hasSize(6);
        assertThat(events(events, e -> is(e, "CUSTOMER_REGISTERED", "clerk"))).hasSize(2);
        assertThat(events(events, e -> is(e, "DOCUMENT_REFUSED", "clerk"))).hasSize(1);
        assertThat(list.stdout()).doesNotContain("张伟", zhangWeiNumber, "ERIKSSON", "L898902C3");

        // the filters as people type them, and what is wrong with a bad one, in words
        JsonNode today = JSON.readTree(auditor.run("audit", "list", "--from", java.time.LocalDate.now().toString(), "--json")
                .expectSuccess().stdout()).get("events");
        assertThat(today.size()).isPositive();
        assertThat(auditor.run("audit", "list", "--from", "yesterday").expectFailure(ExitCode.USAGE))
                .contains("\u201cyesterday\u201d is not a time").contains("2026-12-01T09:30").doesNotContain("java.");
        assertThat(auditor.run("audit", "list", "--limit", "0").expectFailure(ExitCode.USAGE))
                .contains("--limit takes a whole number from 1 on");
        assertThat(auditor.run("audit", "list", "--limit", "-5").expectFailure(ExitCode.USAGE))
                .contains("--limit takes a whole number from 1 on");
    }

    @Test
    @Order(13)
    void theAuditTrailVerifiesIntact() {
        assertThat(auditor.run("audit", "verify").expectSuccess().stdout().strip())
                .matches("Audit trail intact: \\d+ events checked\\.");
    }

    @Test
    @Order(14)
    void aBackupIsWrittenIntoTheBackupsFolder() throws Exception {
        PaybandProcess.Result backup = admin.run("db", "backup").expectSuccess();

        Path backups = temp.resolve("data").resolve("backups");
        List<Path> zips;
        try (Stream<Path> files = Files.list(backups)) {
            zips = files.filter(p -> p.getFileName().toString().endsWith(".zip")).toList();
        }
        assertThat(zips).hasSize(1);
        assertThat(backup.stdout().strip()).isEqualTo("Backup written: " + zips.get(0));
        try (ZipFile zip = new ZipFile(zips.get(0).toFile())) {
            assertThat(Collections.list(zip.entries()).stream().map(ZipEntry::getName))
                    .contains("payband-backup.txt", "db/payband.mv.db", "keys.json", "audit-anchor.json");
        }
    }

    @Test
    @Order(15)
    void theAuditExportIsACsvWithoutPersonalData() throws IOException {
        Path csv = temp.resolve("audit.csv");
        PaybandProcess.Result export = auditor.run("audit", "export", "--csv", "--out", csv.toString())
                .expectSuccess();

        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("seq,at,actor,action,outcome,target_type,target_id,reason,detail,mac");
        List<String> rows = lines.subList(1, lines.size());
        assertThat(rows).isNotEmpty();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).startsWith((i + 1) + ",");
        }
        assertThat(String.join("\n", lines)).doesNotContain("张伟", "张", zhangWeiNumber, "ERIKSSON", "ANNA",
                "L898902C3");
        assertThat(export.stdout().strip()).isEqualTo(rows.size() + " events exported to " + csv + ".");
        exportedEvents = rows.size();
    }

    @Test
    @Order(16)
    void storeStatisticsCountWhatTheDayDid() throws Exception {
        JsonNode stats = JSON.readTree(admin.run("db", "stats", "--json").expectSuccess().stdout());

        assertThat(stats.get("staffAccounts").asLong()).isEqualTo(4);
        assertThat(stats.get("customers").asLong()).isEqualTo(2);
        assertThat(stats.get("identityDocuments").asLong()).isEqualTo(2);
        assertThat(stats.get("bands").asLong()).isZero();
        assertThat(stats.get("bindings").asLong()).isZero();
        assertThat(stats.get("outboxPending").asLong()).isZero();
        // the export's own event, then this command's sign-in
        assertThat(stats.get("auditEvents").asLong()).isEqualTo(exportedEvents + 2);
        assertThat(stats.get("dataFolder").asText()).isEqualTo(temp.resolve("data").toAbsolutePath().toString());
    }

    private static JsonNode account(JsonNode staff, String username) {
        for (JsonNode a : staff) {
            if (a.get("username").asText().equals(username)) {
                return a;
            }
        }
        throw new AssertionError("no account " + username + " in " + staff);
    }

    private static List<String> roles(JsonNode account) {
        List<String> roles = new ArrayList<>();
        account.get("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    private static boolean is(JsonNode event, String action, String actor) {
        return event.get("action").asText().equals(action) && event.get("actor").asText().equals(actor);
    }

    private static List<JsonNode> events(JsonNode events, Predicate<JsonNode> which) {
        List<JsonNode> found = new ArrayList<>();
        events.forEach(e -> {
            if (which.test(e)) {
                found.add(e);
            }
        });
        return found;
    }
}
