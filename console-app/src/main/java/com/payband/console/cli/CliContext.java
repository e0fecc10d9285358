package com.payband.console.cli;

import com.payband.console.app.ConsoleLogging;
import com.payband.console.app.ConsoleServices;
import com.payband.console.crypto.OsCredentialStore;
import com.payband.console.crypto.SecretPrompt;
import com.payband.console.i18n.Messages;
import com.payband.console.staff.SignInException;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import com.payband.console.store.StoreException;
import com.payband.console.crypto.KeyVaultException;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * What every command needs: the global options, messages in the user's language, the data folder,
 * sign-in, and secrets from the environment or the terminal.
 *
 * <p>Environment: {@code PAYBAND_HOME} (data folder), {@code PAYBAND_USER} and {@code PAYBAND_PASSWORD}
 * (sign-in), {@code PAYBAND_NEW_PASSWORD} (a password being set), {@code PAYBAND_PASSPHRASE} (the store
 * key's passphrase), {@code PAYBAND_RECOVERY_PASSPHRASE} (a key-recovery file's), {@code PAYBAND_LANG}.
 */
public final class CliContext {

    private final Messages messages;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final Console console;
    private Path dataDir;
    private String user;
    private boolean verbose;
    private boolean loggingStarted;
    private com.payband.console.bands.BandTransport bandTransport;

    public CliContext(Messages messages, PrintWriter out, PrintWriter err, Map<String, String> env, Console console) {
        this.messages = messages;
        this.out = out;
        this.err = err;
        this.env = env;
        this.console = console;
    }

    void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    void setUser(String user) {
        this.user = user;
    }

    void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    public boolean verbose() {
        return verbose;
    }

    public Messages messages() {
        return messages;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public DataFolder dataFolder() {
        return DataFolder.resolve(Optional.ofNullable(dataDir), env, System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    /** Starts logging to the data folder's log file, once the folder is known and exists. */
    void startLogging(DataFolder folder) {
        if (!loggingStarted && java.nio.file.Files.isDirectory(folder.logs())) {
            ConsoleLogging.toFolder(folder);
            loggingStarted = true;
        }
    }

    public ConsoleServices.Options options() {
        return ConsoleServices.Options.defaults(new OsCredentialStore());
    }

    /** Opens the store of the data folder; the caller closes it. */
    public ConsoleServices openStore() throws StoreException, KeyVaultException {
        DataFolder folder = dataFolder();
        startLogging(folder);
        return withBandTransport(ConsoleServices.open(folder, secretPrompt(), options()));
    }

    /** The radio the command chose ({@code --sim}, {@code --transport}); commands that reach no band choose none. */
    void setBandTransport(com.payband.console.bands.BandTransport transport) {
        this.bandTransport = transport;
    }

    private ConsoleServices withBandTransport(ConsoleServices services) {
        if (bandTransport != null) {
            try {
                services.useBandTransport(bandTransport);
            } catch (java.io.IOException e) {
                services.close();
                throw new CliFailure(ExitCode.BAND_UNREACHABLE, e, "error.band.transportFailed", e.getMessage());
            }
        }
        return services;
    }

    /** {@link #openStore()} that also opens a store found tampered with (see ConsoleServices.openToRecover). */
    public ConsoleServices openStoreToRecover() throws StoreException, KeyVaultException {
        DataFolder folder = dataFolder();
        startLogging(folder);
        return withBandTransport(ConsoleServices.openToRecover(folder, secretPrompt(), options()));
    }

    /**
     * Signs in with --user / PAYBAND_USER and PAYBAND_PASSWORD, or asks on the terminal. An account whose
     * password an administrator set gets no further than this: {@code password change} comes first.
     */
    public StaffSession signIn(ConsoleServices services) throws SignInException {
        String name = staffName();
        char[] password = currentPassword();
        StaffSession session;
        try {
            session = services.staff().signIn(name, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        services.authorizer().requireOwnPassword(session);
        return session;
    }

    /** The signing-in member's name: --user / PAYBAND_USER, or asked on the terminal. */
    public String staffName() {
        String name = user != null ? user : env.get("PAYBAND_USER");
        if ((name == null || name.isBlank()) && console != null) {
            name = console.readLine("%s", messages.get("prompt.user"));
        }
        if (name == null || name.isBlank()) {
            throw new CliFailure(ExitCode.SIGN_IN_FAILED, "error.signIn.noUser");
        }
        return name;
    }

    /** The signing-in member's password: PAYBAND_PASSWORD, or asked on the terminal. */
    public char[] currentPassword() {
        return secret("PAYBAND_PASSWORD", "prompt.password", false, "error.signIn.noPassword");
    }

    /**
     * A second member of staff signs in at this terminal to approve what the first asks (a reset of a stolen band):
     * their own password, PAYBAND_APPROVER_PASSWORD or asked on the terminal. Audited like any sign-in.
     */
    public StaffSession approverSignIn(ConsoleServices services, String name) throws SignInException {
        char[] password = secret("PAYBAND_APPROVER_PASSWORD", "prompt.approverPassword", false,
                "error.signIn.noPassword");
        try {
            return services.staff().signIn(name, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** A password being set (a new account, a reset, a change): PAYBAND_NEW_PASSWORD or asked twice. */
    public char[] newPassword() {
        return secret("PAYBAND_NEW_PASSWORD", "prompt.newPassword", true, "error.newPassword.none");
    }

    /** The administrator's password at first start: PAYBAND_PASSWORD or asked twice. */
    public char[] firstAdministratorPassword() {
        return secret("PAYBAND_PASSWORD", "prompt.newPassword", true, "error.newPassword.none");
    }

    /** The new administrator's name: --user / PAYBAND_USER, or asked on the terminal. */
    public String administratorName() {
        String name = user != null ? user : env.get("PAYBAND_USER");
        if ((name == null || name.isBlank()) && console != null) {
            name = console.readLine("%s", messages.get("prompt.adminName"));
        }
        if (name == null || name.isBlank()) {
            throw new CliFailure(ExitCode.USAGE, "error.admin.noName");
        }
        return name;
    }

    public SecretPrompt secretPrompt() {
        return kind -> switch (kind) {
            case STORE_PASSPHRASE -> secretOrNull("PAYBAND_PASSPHRASE", "prompt.passphrase", false);
            case NEW_STORE_PASSPHRASE -> secretOrNull("PAYBAND_PASSPHRASE", "prompt.newPassphrase", true);
            case RECOVERY_PASSPHRASE -> secretOrNull("PAYBAND_RECOVERY_PASSPHRASE", "prompt.recoveryPassphrase", false);
            case NEW_RECOVERY_PASSPHRASE -> secretOrNull("PAYBAND_RECOVERY_PASSPHRASE", "prompt.newRecoveryPassphrase", true);
        };
    }

    private char[] secret(String variable, String promptKey, boolean confirm, String missingKey) {
        char[] value = secretOrNull(variable, promptKey, confirm);
        if (value == null) {
            throw new CliFailure(ExitCode.USAGE, missingKey, variable);
        }
        return value;
    }

    private char[] secretOrNull(String variable, String promptKey, boolean confirm) {
        String fromEnv = env.get(variable);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        if (console == null) {
            return null;
        }
        char[] first = console.readPassword("%s", messages.get(promptKey));
        if (first == null) {
            return null;
        }
        if (confirm) {
            char[] second = console.readPassword("%s", messages.get("prompt.repeat"));
            if (second == null || !Arrays.equals(first, second)) {
                throw new CliFailure(ExitCode.REFUSED, "error.secret.mismatch");
            }
            Arrays.fill(second, '\0');
        }
        return first;
    }
}
