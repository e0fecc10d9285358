package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.RawDatabase;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.AuditVerification;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.ReasonCode;
import com.payband.console.settings.Setting;
import com.payband.console.staff.Action;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.h2.tools.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clerk with the shop PC's data folder and H2's own tools, but not the store key, tries to edit
 * around the permission matrix: grant himself ADMIN, bring back a band reported lost, undo a setting.
 * The database file is encrypted under a key derived from the store key, so H2's Shell cannot open it;
 * putting back an older copy of it (or part of one) is found at the next start and refused.
 */
class StoreIntegrityTest {

    private static final String CLERK = "clerk.li";
    private static final String AGENT = "agent.wu";
    private static final String GRANT_ADMIN = "INSERT INTO staff_role (staff_id, role) "
            + "SELECT id, 'ADMIN' FROM staff_account WHERE username = '" + CLERK + "'";

    @TempDir
    Path store;

    @TempDir
    Path aside;

    @Test
    void h2sShellCannotOpenTheDatabaseToGrantAClerkAdmin() throws Exception {
        try (ConsoleServices services = TestStores.create(store)) {
            TestStores.staff(services, CLERK, Role.RETAIL_STAFF);
        }
        Path file = store.resolve("db").resolve("payband.mv.db");
        byte[] before = Files.readAllBytes(file);

        // what H2's documentation says to do, and what a clerk would try next
        String base = "jdbc:h2:file:" + store.resolve("db").resolve("payband");
        for (String[] attempt : List.of(
                new String[] {base, "payband", ""},
                new String[] {base, "sa", ""},
                new String[] {base + ";CIPHER=AES", "payband", "payband "},
                new String[] {base + ";CIPHER=AES", "payband", TestStores.PASSPHRASE.replace(' ', '-') + " "},
                new String[] {base + ";CIPHER=AES;IFEXISTS=TRUE", "payband", "  "})) {
            assertThatThrownBy(() -> shell(attempt[0], attempt[1], attempt[2], GRANT_ADMIN))
                    .as("Shell with %s as %s", attempt[0], attempt[1]).isInstanceOf(SQLException.class);
        }

        assertThat(file).hasBinaryContent(before);
        // nothing of the schema or the accounts can even be read in the file
        String raw = new String(before, StandardCharsets.ISO_8859_1);
        assertThat(raw).startsWith("H2encrypt").doesNotContain("STAFF_ACCOUNT", "STAFF_ROLE", "BINDING", CLERK);
        try (ConsoleServices services = TestStores.open(store)) {
            StaffSession clerk = services.staff().signIn(CLERK, TestStores.passwordOf(CLERK).toCharArray());
            assertThat(clerk.roles()).containsExactly(Role.RETAIL_STAFF);
            assertThat(clerk.may(Action.MANAGE_STAFF)).isFalse();
            assertThat(services.audit().verify().intact()).isTrue();
        }
    }

    @Test
    void theSameShellAttackWorksWithTheStoreKeyWhichIsWhatTheEncryptionWithholds() throws Exception {
        // the positive control: the attack itself is sound, only the key is missing
        try (ConsoleServices services = TestStores.create(store)) {
            TestStores.staff(services, CLERK, Role.RETAIL_STAFF);
        }
        DatabaseKeys keys = RawDatabase.keysOf(store);
        shell("jdbc:h2:file:" + store.resolve("db").resolve("payband") + ";CIPHER=AES", "payband",
                new String(keys.filePassword()) + " " + new String(keys.userPassword()), GRANT_ADMIN);

        try (ConsoleServices services = TestStores.open(store)) {
            StaffSession clerk = services.staff().signIn(CLERK, TestStores.passwordOf(CLERK).toCharArray());
            assertThat(clerk.roles()).contains(Role.ADMIN);
        }
    }

    /** A clerk's ADMIN grant revoked, a band reported lost, a setting changed: each undone by an older copy. */
    @Test
    void anOlderCopyOfTheDatabasePutBackIsRefusedAtStartWhateverItWouldUndo() throws Exception {
        UUID binding;
        try (ConsoleServices services = TestStores.create(store)) {
            StaffSession clerk = TestStores.staff(services, CLERK, Role.RETAIL_STAFF, Role.ADMIN);
            binding = activeBinding(services, clerk);
            TestStores.staff(services, AGENT, Role.SUPPORT_AGENT);
        }
        Path old = keepACopy("while-admin");

        try (ConsoleServices services = TestStores.open(store)) {
            StaffSession admin = TestStores.admin(services);
            services.staff().setRoles(admin, CLERK, Set.of(Role.RETAIL_STAFF));
        }
        assertOlderCopyRefused(old, AuditTrail.Continuity.BEHIND_ANCHOR);
        Path demoted = keepACopy("demoted");

        try (ConsoleServices services = TestStores.open(store)) {
            StaffSession agent = services.staff().signIn(AGENT, TestStores.passwordOf(AGENT).toCharArray());
            assertThat(services.lifecycle().transition(agent, binding, ReasonCode.LOST, Optional.empty()))
                    .isEqualTo(BindingState.SUSPENDED);
        }
        assertOlderCopyRefused(demoted, AuditTrail.Continuity.BEHIND_ANCHOR);
        Path suspended = keepACopy("suspended");

        try (ConsoleServices services = TestStores.open(store)) {
            services.settings().set(TestStores.admin(services), Setting.MINIMUM_AGE, "18");
        }
        assertOlderCopyRefused(suspended, AuditTrail.Continuity.BEHIND_ANCHOR);

        try (ConsoleServices services = TestStores.open(store)) {
            StaffSession clerk = services.staff().signIn(CLERK, TestStores.passwordOf(CLERK).toCharArray());
            assertThat(clerk.roles()).containsExactly(Role.RETAIL_STAFF);
            assertThat(services.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.SUSPENDED);
            assertThat(services.settings().getInt(Setting.MINIMUM_AGE)).isEqualTo(18);
        }
    }

    /**
     * Part of an older file put back, 4 KiB block by block at the same places (AES-XTS ties each block
     * to its place, so that is all a copy allows): whatever H2 then finds, the console never starts on
     * the older state unnoticed. Either it refuses, or what it opens is the current state.
     */
    @Test
    void partOfAnOlderFilePutBackNeverBringsBackWhatItHeld() throws Exception {
        try (ConsoleServices services = TestStores.create(store)) {
            TestStores.staff(services, CLERK, Role.RETAIL_STAFF, Role.ADMIN);
        }
        byte[] old = Files.readAllBytes(keepACopy("while-admin"));
        try (ConsoleServices services = TestStores.open(store)) {
            services.staff().setRoles(TestStores.admin(services), CLERK, Set.of(Role.RETAIL_STAFF));
        }
        byte[] current = Files.readAllBytes(store.resolve("db").resolve("payband.mv.db"));
        // each try starts from the same anchor: a start that succeeds moves it on (its sign-in is audited)
        Path anchor = store.resolve("audit-anchor.json");
        byte[] anchorNow = Files.readAllBytes(anchor);
        List<Integer> differing = differingBlocks(old, current);
        assertThat(differing).isNotEmpty();

        Random random = new Random(4711);
        List<List<Integer>> splices = new ArrayList<>();
        splices.add(differing.stream().filter(b -> b < 3).toList()); // the encryption and store headers
        splices.add(differing.stream().filter(b -> b >= 3).toList()); // everything but the headers
        for (int i = 0; i < 6; i++) {
            splices.add(differing.stream().filter(b -> random.nextBoolean()).toList());
        }
        int refused = 0;
        for (List<Integer> blocks : splices) {
            byte[] spliced = current.clone();
            for (int b : blocks) {
                int from = b * 4096;
                System.arraycopy(old, from, spliced, from, Math.min(4096, Math.min(old.length, spliced.length) - from));
            }
            Files.write(store.resolve("db").resolve("payband.mv.db"), spliced);
            Files.write(anchor, anchorNow);
            try (ConsoleServices services = TestStores.open(store)) {
                StaffSession clerk = services.staff().signIn(CLERK, TestStores.passwordOf(CLERK).toCharArray());
                assertThat(clerk.roles()).as("blocks %s", blocks).containsExactly(Role.RETAIL_STAFF);
                assertThat(services.audit().verify().intact()).as("blocks %s", blocks).isTrue();
            } catch (StoreException e) {
                assertThat(e.reason()).as("blocks %s: %s", blocks, e.getMessage()).isEqualTo(StoreException.Reason.TAMPERED);
                refused++;
            }
            WrongKeyTest.assertNothingLeftOpen(store);
        }
        assertThat(refused).as("splices refused").isPositive();
    }

    @Test
    void aDatabaseFileInClearPutInItsPlaceIsRefusedAndNotAdopted() throws Exception {
        try (ConsoleServices services = TestStores.create(store)) {
            TestStores.staff(services, CLERK, Role.RETAIL_STAFF);
        }
        Path file = store.resolve("db").resolve("payband.mv.db");
        Files.delete(file);
        // a store the clerk wrote himself with H2's tools: his own account, an administrator
        shell("jdbc:h2:file:" + store.resolve("db").resolve("payband"), "payband", "",
                "CREATE TABLE staff_account (id UUID PRIMARY KEY, username VARCHAR(64)); "
                        + "CREATE TABLE staff_role (staff_id UUID, role VARCHAR(32)); "
                        + "INSERT INTO staff_account VALUES (RANDOM_UUID(), '" + CLERK + "'); " + GRANT_ADMIN);
        assertThat(Database.format(new DataFolder(store))).isEqualTo(Database.FileFormat.PLAIN);
        byte[] planted = Files.readAllBytes(file);

        assertThatThrownBy(() -> TestStores.open(store)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.reason()).isEqualTo(StoreException.Reason.TAMPERED);
            assertThat(e.detail()).isEqualTo(StoreException.PLAIN_FILE);
        });
        assertThatThrownBy(() -> TestStores.openToRecover(store)).isInstanceOf(StoreException.class);
        assertThat(file).hasBinaryContent(planted);
        WrongKeyTest.assertNothingLeftOpen(store);
    }

    /**
     * A store that an earlier version wrote in clear is encrypted at its first start under this one,
     * keeps everything, and says so in the trail; the copy in clear put back afterwards is refused.
     */
    @Test
    void aStoreOfAnEarlierVersionIsEncryptedOnceWithNothingLost() throws Exception {
        UUID binding;
        try (ConsoleServices services = TestStores.create(store)) {
            StaffSession clerk = TestStores.staff(services, CLERK, Role.RETAIL_STAFF, Role.SUPPORT_AGENT);
            binding = activeBinding(services, clerk);
        }
        writtenInClearAsEarlierVersionsDid(store);
        Path inClear = keepACopy("in-clear");
        long eventsBefore;
        try (RawDatabase db = RawDatabase.openPlain(store)) {
            eventsBefore = db.queryLong("SELECT COUNT(*) FROM audit_event");
        }

        try (ConsoleServices services = TestStores.open(store)) {
            assertThat(Database.format(new DataFolder(store))).isEqualTo(Database.FileFormat.ENCRYPTED);
            assertThat(services.lifecycle().bindingById(binding).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
            StaffSession clerk = services.staff().signIn(CLERK, TestStores.passwordOf(CLERK).toCharArray());
            assertThat(clerk.roles()).containsExactlyInAnyOrder(Role.RETAIL_STAFF, Role.SUPPORT_AGENT);
            List<AuditEvent> encrypted = new ArrayList<>();
            services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(AuditAction.STORE_ENCRYPTED), 10), encrypted::add);
            assertThat(encrypted).singleElement().satisfies(e -> assertThat(e.seq()).isEqualTo(eventsBefore + 1));
            AuditVerification verification = services.auditReview().verify(TestStores.admin(services));
            assertThat(verification.intact()).isTrue();
        }
        assertThat(store.resolve("db").resolve("encrypting")).doesNotExist();
        try (ConsoleServices services = TestStores.open(store)) {
            assertThat(services.audit().count()).isGreaterThan(eventsBefore + 1);
        }

        Files.copy(inClear, store.resolve("db").resolve("payband.mv.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> TestStores.open(store)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.reason()).isEqualTo(StoreException.Reason.TAMPERED);
            assertThat(e.detail()).isEqualTo(StoreException.PLAIN_FILE);
        });
        WrongKeyTest.assertNothingLeftOpen(store);
    }

    @Test
    void everyReasonToRefuseAStoreHasItsWordsInBothLanguages() {
        List<String> details = new ArrayList<>(List.of(StoreException.PLAIN_FILE, StoreException.UNREADABLE));
        for (AuditTrail.Continuity c : AuditTrail.Continuity.values()) {
            if (c != AuditTrail.Continuity.CONTINUES) {
                details.add(c.name());
            }
        }
        for (java.util.Locale locale : List.of(java.util.Locale.ENGLISH, java.util.Locale.SIMPLIFIED_CHINESE)) {
            com.payband.console.i18n.Messages m = new com.payband.console.i18n.Messages(locale);
            for (String detail : details) {
                String words = com.payband.console.app.FailureMessages.describe(
                        new StoreException(StoreException.Reason.TAMPERED, detail), m);
                assertThat(words).as("%s %s", locale, detail).doesNotContain("error.store").contains("db restore");
            }
        }
    }

    private static UUID activeBinding(ConsoleServices services, StaffSession staff) throws Exception {
        UUID customer = TestStores.customer(services, staff, "zhang-wei");
        UUID binding = services.lifecycle().begin(staff, "PB-INTEGRITY-1", new byte[65], "C0:FF:EE:00:00:01", customer,
                true, TestStores.anyPhone());
        services.lifecycle().transition(staff, binding, ReasonCode.BIND_CONFIRMED, Optional.empty());
        return binding;
    }

    private Path keepACopy(String name) throws Exception {
        Path copy = aside.resolve(name + ".mv.db");
        Files.copy(store.resolve("db").resolve("payband.mv.db"), copy);
        return copy;
    }

    /** Puts the copy back in place of the database, expects the refusal, and puts the database back. */
    private void assertOlderCopyRefused(Path older, AuditTrail.Continuity why) throws Exception {
        Path file = store.resolve("db").resolve("payband.mv.db");
        byte[] current = Files.readAllBytes(file);
        Files.copy(older, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> TestStores.open(store)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.reason()).isEqualTo(StoreException.Reason.TAMPERED);
            assertThat(e.detail()).isEqualTo(why.name());
        });
        WrongKeyTest.assertNothingLeftOpen(store);
        Files.write(file, current);
    }

    private static List<Integer> differingBlocks(byte[] a, byte[] b) {
        List<Integer> blocks = new ArrayList<>();
        int n = (Math.min(a.length, b.length) + 4095) / 4096;
        for (int i = 0; i < n; i++) {
            int from = i * 4096;
            int to = Math.min(from + 4096, Math.min(a.length, b.length));
            if (!java.util.Arrays.equals(a, from, to, b, from, to)) {
                blocks.add(i);
            }
        }
        return blocks;
    }

    /** The database file decrypted, its user's password empty again: as versions before 2026-12 left it. */
    static void writtenInClearAsEarlierVersionsDid(Path store) throws Exception {
        DatabaseKeys keys = RawDatabase.keysOf(store);
        try (RawDatabase db = RawDatabase.open(store)) {
            db.update("ALTER USER PAYBAND SET PASSWORD ''");
        }
        org.h2.tools.ChangeFileEncryption.execute(store.resolve("db").toString(), "payband", "AES", keys.filePassword(),
                null, true);
        assertThat(Database.format(new DataFolder(store))).isEqualTo(Database.FileFormat.PLAIN);
    }

    private static void shell(String url, String user, String password, String sql) throws SQLException {
        Shell shell = new Shell();
        shell.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        shell.runTool("-url", url, "-user", user, "-password", password, "-sql", sql);
    }
}
