package com.payband.console.ui.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.app.StoreAdministration;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.Outcome;
import com.payband.console.staff.AccessDeniedException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import com.payband.console.ui.home.HomeViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The administrator's backups, restore check and key-recovery file in the window, against a real store; and what a
 * wrong file, another store's backup or a clerk gets.
 */
class BackupsViewModelTest {

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private ConsoleServices services;
    private ConsoleContext context;
    private BackupsViewModel model;
    private StaffSession admin;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir.resolve("store"));
        StaffSession clerk = TestStores.staff(services, "li.na", Role.RETAIL_STAFF);
        TestStores.customer(services, clerk, "zhang-wei");
        admin = TestStores.admin(services);
        context = UiTestContexts.open(dir, services, admin);
        model = new BackupsViewModel(context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void aBackupMadeNowPassesItsRestoreCheckWithItsRecordsCountedAndTheCopyRemoved() throws Exception {
        model.backUp();
        assertThat(model.problem().get()).isEmpty();
        assertThat(model.notice().get()).startsWith("Backed up to ").endsWith(".zip");

        model.checkLatest();

        assertThat(model.problem().get()).isEmpty();
        assertThat(model.checkPassed().get()).isTrue();
        assertThat(model.checkResult().get()).contains("can be restored").contains("1 customers")
                .contains("the chain intact");
        try (Stream<Path> left = Files.list(services.folder().backups())) {
            assertThat(left).as("only the backup: the checked copy is gone").hasSize(1);
        }
        assertThat(services.auditReview().list(admin, AuditQuery.all())).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.BACKUP_CHECKED);
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        });
    }

    @Test
    void withNoBackupYetTheCheckSaysToMakeOne() throws Exception {
        model.checkLatest();
        assertThat(model.problem().get()).startsWith("No backup yet in ");
        assertThat(model.checkPassed().get()).isFalse();
    }

    @Test
    void aDamagedBackupAFileThatIsNoBackupAndAnotherStoresBackupAreRefusedAndTheStoreIsUntouched() throws Exception {
        model.backUp();
        Path good = new StoreAdministration(services).latestBackup().orElseThrow();
        // a copy whose bytes were damaged in transit (the database inside no longer matches its checksum)
        byte[] bytes = Files.readAllBytes(good);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Path damaged = Files.write(elsewhere.resolve("damaged.zip"), bytes);
        model.check(damaged);
        assertThat(model.problem().get()).isNotEmpty();
        assertThat(model.checkPassed().get()).isFalse();

        Path notABackup = Files.writeString(elsewhere.resolve("photo.zip"), "not a zip at all");
        model.check(notABackup);
        assertThat(model.problem().get()).contains("photo.zip");

        try (ConsoleServices other = TestStores.create(dir.resolve("other"))) {
            Path foreign = new StoreAdministration(other).backup(TestStores.admin(other), elsewhere.resolve("other.zip"));
            model.check(foreign);
        }
        assertThat(model.problem().get()).isNotEmpty();
        assertThat(model.checkPassed().get()).isFalse();

        assertThat(services.auditReview().list(admin, AuditQuery.all())).filteredOn(e -> e.action() == AuditAction.BACKUP_CHECKED)
                .extracting(e -> e.outcome()).containsOnly(Outcome.FAILED).hasSize(3);
        model.checkLatest();
        assertThat(model.checkPassed().get()).as("the store and its own backup as they were").isTrue();
    }

    @Test
    void theKeyRecoveryFileIsWrittenUnderItsOwnPassphraseTypedTwiceAndTheHomeStopsReminding() throws Exception {
        HomeViewModel home = new HomeViewModel(context);
        home.refresh();
        assertThat(home.recoveryReminder().get()).contains("key-recovery file has not been made");
        model.refresh();
        assertThat(model.recoveryMissing().get()).isTrue();

        Path file = elsewhere.resolve(model.recoveryFileName());
        model.recoveryPassphrase().set("recovery passphrase 2026");
        model.recoveryRepeat().set("recovery passphrase 2062");
        model.exportRecovery(file);
        assertThat(model.problem().get()).isNotEmpty();
        assertThat(file).doesNotExist();

        model.recoveryPassphrase().set("recovery passphrase 2026");
        model.recoveryRepeat().set("recovery passphrase 2026");
        model.exportRecovery(file);

        assertThat(model.problem().get()).isEmpty();
        assertThat(file).exists();
        assertThat(Files.readString(file)).doesNotContain("recovery passphrase 2026");
        assertThat(model.recoveryPassphrase().get()).as("not kept on the page").isEmpty();
        assertThat(model.recoveryMissing().get()).isFalse();
        assertThat(model.recoveryState().get()).startsWith("Last made on ");
        home.refresh();
        assertThat(home.recoveryReminder().get()).isEmpty();
    }

    @Test
    void aClerkCannotBackUpCheckOrExportTheKeyEvenPastTheWindow() throws Exception {
        StaffSession clerk = services.staff().signIn("li.na", TestStores.passwordOf("li.na").toCharArray());
        StoreAdministration administration = new StoreAdministration(services);
        assertThatThrownBy(() -> administration.backup(clerk, null)).isInstanceOf(AccessDeniedException.class);
        Path backup = administration.backup(admin, null);
        assertThatThrownBy(() -> administration.checkBackup(clerk, backup)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> administration.keyRecoveryExportedAt(clerk)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> administration.exportKeyRecovery(clerk, elsewhere.resolve("k.json"),
                kind -> "recovery passphrase 2026".toCharArray())).isInstanceOf(AccessDeniedException.class);
        assertThat(elsewhere.resolve("k.json")).doesNotExist();
    }
}
