package com.payband.console.receipt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The console's printing in a JVM of its own: the JDK binds to a CUPS server once, from the environment
 * ({@code CUPS_SERVER}) it starts with, so a test that prints through its private cupsd runs this.
 * Prints {@code printed NAME}, {@code none}, or {@code failed REASON}.
 */
public final class PrintReceiptProcess {

    private PrintReceiptProcess() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Optional<String> printer = ReceiptPrinter.system().print(Files.readAllBytes(Path.of(args[0])), args[1]);
            System.out.println(printer.map(name -> "printed " + name).orElse("none"));
        } catch (ReceiptException e) {
            System.out.println("failed " + e.reason() + " " + e.getMessage());
        }
    }
}
