package com.payband.backend;

import com.payband.backend.cli.BackendCommand;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;

/** {@code java -jar payband-backend.jar [serve|registration-code|consoles|revoke-console] ...}. */
public final class BackendMain {

    private static final Set<String> OWN_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private BackendMain() {
    }

    public static void main(String[] args) {
        String[] command = arguments(args);
        int code = BackendCommand.commandLine().execute(command);
        if (code != 0 || !"serve".equals(command[0])) {
            System.exit(code);
        }
    }

    /** {@code serve} is the command when none is named: no arguments, or only serve's options ({@code --port 9443}). */
    static String[] arguments(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") && !OWN_OPTIONS.contains(args[0])) {
            return Stream.concat(Stream.of("serve"), Stream.of(args)).toArray(String[]::new);
        }
        return args;
    }
}
