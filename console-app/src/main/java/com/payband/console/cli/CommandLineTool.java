package com.payband.console.cli;

import com.payband.console.i18n.Messages;
import java.io.Console;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/** Parses the arguments, runs the command, and reports failures as the command line's contract says. */
public final class CommandLineTool {

    private CommandLineTool() {
    }

    /**
     * The window was asked for where JavaFX cannot be loaded (the jar holds none; it runs from the module path): says
     * how to start it, in the user's language.
     *
     * @return the exit code (usage)
     */
    public static int windowUnavailable() {
        System.err.println(new com.payband.console.i18n.Messages(com.payband.console.i18n.Messages.supported(
                java.util.Locale.getDefault())).get("cli.window.noJavaFx"));
        return ExitCode.USAGE;
    }

    public static int run(String[] args, Map<String, String> env) {
        Locale locale = language(args, env);
        // picocli reads its help bundles for the default locale
        Locale.setDefault(locale);
        Messages messages = new Messages(locale);
        Console console = System.console();
        Charset charset = console != null ? console.charset() : StandardCharsets.UTF_8;
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
        CliContext context = new CliContext(messages, out, err, env, console);

        for (String arg : args) {
            // Java 17 decodes arguments with the locale's charset: under LANG=C (cron, some services) every
            // Chinese character arrives as U+FFFD, and a search would silently find nobody.
            if (arg.indexOf('\uFFFD') >= 0) {
                err.println(messages.get("error.prefix") + messages.get("error.usage.encoding"));
                err.flush();
                return ExitCode.USAGE;
            }
        }
        CommandLine cli = new CommandLine(new PaybandCommand(context), new Factory(context));
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // "-u admin" names the staff account admin, not the admin command
        cli.setAllowSubcommandsAsOptionParameters(true);
        addHelpOptions(cli);
        // times as people write them: an instant, or a date and time (or a date) on this computer's clock
        cli.registerConverter(java.time.Instant.class, value -> Times.parse(value, java.time.ZoneId.systemDefault())
                .orElseThrow(() -> new WordedConversion(messages.get("error.usage.instant", value))));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                report(ex, commandLine.getCommandSpec().qualifiedName(), context, messages));
        cli.setParameterExceptionHandler((ex, argsGiven) -> {
            err.println(messages.get("error.prefix") + usageProblem(ex, messages) + " " + messages.get("error.seeHelp",
                    ex.getCommandLine().getCommandSpec().qualifiedName()));
            err.flush();
            return ExitCode.USAGE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * A command's failure: one line in the user's language and its exit code; an unexpected one (a bug)
     * also goes with its whole trace into the data folder's log, which that line sends support to.
     */
    static int report(Exception ex, String command, CliContext context, Messages messages) {
        Failures.Report report = Failures.describe(ex, messages);
        if (report.exitCode() == ExitCode.INTERNAL_ERROR) {
            context.startLogging(context.dataFolder());
            org.slf4j.LoggerFactory.getLogger(CommandLineTool.class).error("unexpected failure of '{}'", command, ex);
        }
        PrintWriter err = context.err();
        err.println(messages.get("error.prefix") + report.message());
        if (context.verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return report.exitCode();
    }

    /** Every command answers --help (command methods say so in their annotation: picocli passes mixins to them). */
    private static void addHelpOptions(CommandLine cli) {
        if (!(cli.getCommandSpec().userObject() instanceof java.lang.reflect.Method)) {
            cli.getCommandSpec().mixinStandardHelpOptions(true);
        }
        cli.getSubcommands().values().forEach(CommandLineTool::addHelpOptions);
    }

    /** picocli's own messages are English only: the common mistakes are told in the user's language. */
    private static String usageProblem(CommandLine.ParameterException ex, Messages messages) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return messages.get("error.usage.unknown", unmatched.getUnmatched().get(0));
        }
        if (ex instanceof CommandLine.MissingParameterException missing) {
            return messages.get("error.usage.missing", String.join(", ", missing.getMissing().stream()
                    .map(a -> a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : a.paramLabel()).toList()));
        }
        if (ex.getMessage() != null && ex.getMessage().startsWith("Missing required subcommand")) {
            return messages.get("error.usage.subcommand");
        }
        if (ex.getCause() instanceof WordedConversion worded) {
            return worded.getMessage();
        }
        if (ex instanceof CommandLine.MutuallyExclusiveArgsException) {
            return messages.get("error.usage.exclusive", ex.getMessage());
        }
        return messages.get("error.usage.invalid", ex.getMessage());
    }

    /** --lang, then PAYBAND_LANG, then LC_ALL / LANG, then the JVM's default. */
    static Locale language(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang") && i + 1 < args.length) {
                return Messages.parse(args[i + 1]);
            }
            if (args[i].startsWith("--lang=")) {
                return Messages.parse(args[i].substring("--lang=".length()));
            }
        }
        for (String variable : new String[] {"PAYBAND_LANG", "LC_ALL", "LANG"}) {
            String v = env.get(variable);
            if (v != null && !v.isBlank() && !v.equals("C") && !v.startsWith("C.") && !v.equals("POSIX")) {
                return Messages.parse(v);
            }
        }
        return Messages.supported(Locale.getDefault());
    }

    /** Gives every command that wants it the shared context. */
    private static final class Factory implements CommandLine.IFactory {
        private final CliContext context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> withContext = cls.getDeclaredConstructor(CliContext.class);
                withContext.setAccessible(true);
                return withContext.newInstance(context);
            } catch (NoSuchMethodException e) {
                return fallback.create(cls);
            }
        }
    }

    /** A value the command line could not convert, said in the user's language (picocli's own words are English). */
    static final class WordedConversion extends CommandLine.TypeConversionException {
        private static final long serialVersionUID = 1L;

        WordedConversion(String message) {
            super(message);
        }
    }
}
