package com.payband.backend;

import com.payband.backend.cli.BackendCommand;
import picocli.CommandLine;

/** {@code java -jar payband-backend.jar [serve|registration-code|consoles|revoke-console] ...}. */
public final class BackendMain {

    private BackendMain() {
    }

    public static void main(String[] args) {
        int code = BackendCommand.commandLine().execute(args.length == 0 ? new String[] {"serve"} : args);
        if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
            System.exit(code);
        }
    }
}
