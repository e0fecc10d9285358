package com.payband.console.cli;

import com.payband.console.app.ConsoleServices;
import com.payband.console.app.StoreAdministration;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.crypto.KeyVault;
import com.payband.console.staff.Action;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code key export-recovery|recover}: the data key's offline backup and its use. */
@Command(name = "key", resourceBundle = "i18n.cli")
final class KeyCommand {

    private final CliContext context;

    KeyCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "export-recovery", mixinStandardHelpOptions = true)
    int exportRecovery(@Option(names = "--out", paramLabel = "FILE", required = true, descriptionKey = "key.out") Path out)
            throws Exception {
        return Commands.signedIn(context, (services, admin) -> {
            new StoreAdministration(services).exportKeyRecovery(admin, out, context.secretPrompt());
            context.out().println(context.messages().get("key.exported", out));
            return ExitCode.OK;
        });
    }

    /**
     * Re-protects the store's key from a recovery file (a new machine, a lost OS credential store or a
     * forgotten passphrase). An administrator of the store must then sign in, or the old key file is put back.
     */
    @Command(name = "recover", mixinStandardHelpOptions = true)
    int recover(@Option(names = "--from", paramLabel = "FILE", required = true, descriptionKey = "key.from") Path from,
            @Option(names = "--key-protection", paramLabel = "auto|os|passphrase", defaultValue = "auto",
                    descriptionKey = "key-protection") String protection) throws Exception {
        DataFolder folder = context.dataFolder();
        if (!folder.initialised()) {
            throw new CliFailure(ExitCode.STORE_STATE, "error.store.notInitialised", folder);
        }
        Path keys = folder.path().resolve("keys.json");
        Path previous = folder.path().resolve("keys.json.before-recovery");
        Files.copy(keys, previous, StandardCopyOption.REPLACE_EXISTING);
        boolean done = false;
        try {
            try (com.payband.console.store.FolderLock lock = com.payband.console.store.FolderLock.acquire(folder)) {
                new KeyVault(context.options().credentialStore(), context.options().passphraseCost())
                        .recover(folder.path(), from, KeyProtectionOption.parse(protection), context.secretPrompt()).close();
            }
            try (ConsoleServices services = context.openStore()) {
                StaffSession admin = context.signIn(services);
                services.authorizer().require(admin, Action.MANAGE_KEYS);
                services.audit().record(admin.actor(), AuditAction.KEY_RECOVERED, Outcome.SUCCESS,
                        Target.store(services.storeId()), null, null);
                done = true;
            }
        } finally {
            if (done) {
                Files.deleteIfExists(previous);
            } else {
                Files.move(previous, keys, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        context.out().println(context.messages().get("key.recovered", folder));
        return ExitCode.OK;
    }
}
