package com.payband.console;

import com.payband.console.cli.CommandLineTool;
import java.util.Arrays;

/**
 * The jar's entry point: no arguments (or {@code gui}) open the window, anything else is the command
 * line. Kept free of JavaFX types so that the command line starts without a display, and because a main
 * class extending {@code Application} fails on the classpath.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            com.payband.console.ui.UiLauncher.launch(args);
        } else if (args[0].equals("gui")) {
            com.payband.console.ui.UiLauncher.launch(Arrays.copyOfRange(args, 1, args.length));
        } else {
            System.exit(CommandLineTool.run(args, System.getenv()));
        }
    }
}
