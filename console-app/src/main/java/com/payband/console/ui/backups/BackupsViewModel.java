package com.payband.console.ui.backups;

import com.payband.console.app.BackupCheck;
import com.payband.console.app.StoreAdministration;
import com.payband.console.crypto.SecretPrompt;
import com.payband.console.staff.Action;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The administrator's care of the store in the window (until now command-line only): a backup now, the restore check
 * of a backup (the latest or one chosen), and the key-recovery file with its own passphrase. The services check the
 * role; this model only says what happened.
 */
public final class BackupsViewModel {

    private final ConsoleContext context;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty checkResult = new SimpleStringProperty("");
    private final BooleanProperty checkPassed = new SimpleBooleanProperty(false);
    private final StringProperty recoveryState = new SimpleStringProperty("");
    private final BooleanProperty recoveryMissing = new SimpleBooleanProperty(false);
    private final StringProperty recoveryPassphrase = new SimpleStringProperty("");
    private final StringProperty recoveryRepeat = new SimpleStringProperty("");

    public BackupsViewModel(ConsoleContext context) {
        this.context = context;
    }

    private StoreAdministration administration() {
        return new StoreAdministration(context.services());
    }

    public boolean mayManageKeys() {
        StaffSession staff = context.session();
        return staff != null && staff.may(Action.MANAGE_KEYS);
    }

    /** Reads when the key-recovery file was last made. */
    public void refresh() {
        if (!mayManageKeys()) {
            return;
        }
        StaffSession staff = context.session();
        context.threads().run(() -> administration().keyRecoveryExportedAt(staff), this::recoveryMade,
                e -> problem.set(context.describe(e)));
    }

    private void recoveryMade(Optional<Instant> at) {
        recoveryMissing.set(at.isEmpty());
        recoveryState.set(at.map(i -> context.text("backups.recovery.made", time(i)))
                .orElse(context.text("backups.recovery.never")));
    }

    /** A backup zip in {@code backups/} now. */
    public void backUp() {
        StaffSession staff = context.session();
        start();
        context.threads().run(() -> administration().backup(staff, null), file -> {
            busy.set(false);
            notice.set(context.text("backups.backedUp", file));
        }, this::failed);
    }

    /** The restore check of the newest backup in {@code backups/}. */
    public void checkLatest() {
        Optional<Path> latest = administration().latestBackup();
        if (latest.isEmpty()) {
            problem.set(context.text("backups.none", context.services().folder().backups()));
            checkResult.set("");
            return;
        }
        check(latest.get());
    }

    /** The restore check of this backup: unpacked beside the store, opened with its key, verified, removed. */
    public void check(Path backup) {
        if (backup == null) {
            return;
        }
        StaffSession staff = context.session();
        start();
        checkResult.set(context.text("backups.checking", backup.getFileName()));
        context.threads().run(() -> administration().checkBackup(staff, backup), this::checked, e -> {
            checkResult.set("");
            failed(e);
        });
    }

    private void checked(BackupCheck check) {
        busy.set(false);
        checkPassed.set(check.restorable());
        checkResult.set(check.restorable()
                ? context.text("backups.check.good", check.file().getFileName(), check.auditEvents(), check.customers(),
                        check.bindings(), check.staffAccounts())
                : context.text("backups.check.bad", check.file().getFileName(), check.auditProblems()));
    }

    /** Writes the key-recovery file, under the recovery passphrase typed twice. */
    public void exportRecovery(Path file) {
        if (file == null) {
            return;
        }
        if (!recoveryPassphrase.get().equals(recoveryRepeat.get())) {
            problem.set(context.text("error.secret.mismatch"));
            recoveryRepeat.set("");
            return;
        }
        char[] passphrase = recoveryPassphrase.get().toCharArray();
        recoveryPassphrase.set("");
        recoveryRepeat.set("");
        StaffSession staff = context.session();
        SecretPrompt prompt = kind -> passphrase.clone();
        start();
        context.threads().run(() -> {
            try {
                administration().exportKeyRecovery(staff, file, prompt);
                return administration().keyRecoveryExportedAt(staff);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }, at -> {
            busy.set(false);
            recoveryMade(at);
            notice.set(context.text("backups.recovery.written", file));
        }, this::failed);
    }

    /** The proposed name of the key-recovery file. */
    public String recoveryFileName() {
        return "payband-recovery-" + context.services().storeId().substring(0, 8) + ".json";
    }

    private void start() {
        busy.set(true);
        problem.set("");
        notice.set("");
    }

    private void failed(Throwable e) {
        busy.set(false);
        problem.set(context.describe(e));
    }

    private String time(Instant at) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(context.localeProperty().get()).withZone(ZoneId.systemDefault()).format(at);
    }

    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    public StringProperty problem() {
        return problem;
    }

    public StringProperty notice() {
        return notice;
    }

    public StringProperty checkResult() {
        return checkResult;
    }

    public BooleanProperty checkPassed() {
        return checkPassed;
    }

    public StringProperty recoveryState() {
        return recoveryState;
    }

    public BooleanProperty recoveryMissing() {
        return recoveryMissing;
    }

    public StringProperty recoveryPassphrase() {
        return recoveryPassphrase;
    }

    public StringProperty recoveryRepeat() {
        return recoveryRepeat;
    }
}
