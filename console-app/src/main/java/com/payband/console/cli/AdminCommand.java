package com.payband.console.cli;

import com.payband.console.app.ConsoleServices;
import com.payband.console.crypto.KeyVault;
import com.payband.console.store.DataFolder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin init}: creates the store and its first administrator. */
@Command(name = "admin", resourceBundle = "i18n.cli", subcommands = AdminCommand.Init.class)
final class AdminCommand {

    @Command(name = "init", resourceBundle = "i18n.cli")
    static final class Init implements Callable<Integer> {

        private final CliContext context;

        @Option(names = "--key-protection", paramLabel = "auto|os|passphrase", defaultValue = "auto",
                descriptionKey = "key-protection")
        String protection;

        Init(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            KeyVault.Protection chosen = KeyProtectionOption.parse(protection);
            String name = context.administratorName();
            DataFolder folder = context.dataFolder();
            char[] password = context.firstAdministratorPassword();
            try (ConsoleServices services = ConsoleServices.initialise(folder, chosen, context.secretPrompt(), name,
                    password, context.options())) {
                context.startLogging(folder);
                context.out().println(context.messages().get("admin.init.done", services.folder(),
                        com.payband.console.staff.StaffService.normaliseUsername(name),
                        context.messages().get("keyProtection." + KeyVault.protectionOf(folder.path()))));
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
            return ExitCode.OK;
        }
    }
}
