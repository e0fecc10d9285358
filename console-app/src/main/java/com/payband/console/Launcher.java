package com.payband.console;

import com.payband.console.cli.CommandLineTool;

/**
 * The jar's entry point. Kept free of JavaFX types so that the command line starts without a display,
 * and because a main class extending {@code Application} fails on the classpath.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(CommandLineTool.run(args, System.getenv()));
    }
}
