package com.payband.console.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code payband}: the root command. Without a subcommand it opens the console's window. */
@Command(name = "payband", mixinStandardHelpOptions = true, versionProvider = PaybandCommand.Version.class,
        resourceBundle = "i18n.cli", sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {AdminCommand.class, StaffCommand.class, PasswordCommand.class, ReaderCommand.class,
                CustomersCommand.class, BandCommand.class, EnrollCommand.class, AuditCommand.class, DbCommand.class, KeyCommand.class, SettingsCommand.class,
                BackendCommand.class, SyncCommand.class, LifecycleCommand.class, BleCommand.class})
public final class PaybandCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    public PaybandCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT, descriptionKey = "data-dir")
    void setDataDir(Path dir) {
        context.setDataDir(dir);
    }

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", scope = ScopeType.INHERIT, descriptionKey = "user")
    void setUser(String user) {
        context.setUser(user);
    }

    @Option(names = "--lang", paramLabel = "LANG", scope = ScopeType.INHERIT, descriptionKey = "lang")
    void setLanguage(String lang) {
        // read before parsing (Launcher), so that help and messages are already in this language
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, descriptionKey = "verbose")
    void setVerbose(boolean verbose) {
        context.setVerbose(verbose);
    }

    @Override
    public Integer call() {
        // options but no command: the window is "gui" (Launcher), so say what there is
        spec.commandLine().usage(context.out());
        return ExitCode.OK;
    }

    /** The version from the jar's manifest. */
    public static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PaybandCommand.class.getPackage().getImplementationVersion();
            return new String[] {"PayBand Console " + (v == null ? "(development build)" : v)};
        }
    }
}
