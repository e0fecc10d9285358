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
        if (args.length == 0 || args[0].equals("gui")) {
            if (!javaFxPresent()) {
                System.exit(CommandLineTool.windowUnavailable());
            }
            com.payband.console.ui.UiLauncher.launch(args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length));
        } else {
            System.exit(CommandLineTool.run(args, System.getenv()));
        }
    }

    /** JavaFX as a module (src/scripts/run.sh), or on the class path (the tests, an IDE). */
    private static boolean javaFxPresent() {
        if (ModuleLayer.boot().findModule("javafx.graphics").isPresent()) {
            return true;
        }
        try {
            Class.forName("javafx.application.Platform", false, Launcher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
