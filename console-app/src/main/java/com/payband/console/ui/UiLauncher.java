package com.payband.console.ui;

import com.payband.console.app.ConsoleLogging;
import com.payband.console.app.ConsoleServices;
import com.payband.console.crypto.OsCredentialStore;
import com.payband.console.i18n.Messages;
import com.payband.console.store.DataFolder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javafx.application.Application;

/**
 * Starts the window: {@code payband} with no command, or {@code payband gui [--data-dir DIR] [--lang zh]}.
 * Simulator mode with the sample bands and cards: no hardware, backend or server needed.
 */
public final class UiLauncher {

    private UiLauncher() {
    }

    public static void launch(String[] args) {
        // logging configures itself (~300 ms of parsing) on a worker while the toolkit starts
        Thread warmLogging = new Thread(org.slf4j.LoggerFactory::getILoggerFactory, "logging-init");
        warmLogging.setDaemon(true);
        warmLogging.start();
        Optional<Path> dataDir = Optional.empty();
        Locale locale = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Optional.of(Path.of(args[++i]));
                case "--lang" -> locale = Messages.parse(args[++i]);
                default -> { }
            }
        }
        DataFolder folder = DataFolder.resolveDefault(dataDir);
        if (java.nio.file.Files.isDirectory(folder.logs())) {
            // beside the toolkit's start, not before it: configuring logging costs ~300 ms of the main thread
            Thread logging = new Thread(() -> ConsoleLogging.toFolder(folder), "logging-setup");
            logging.setDaemon(true);
            logging.start();
        }
        ConsoleApplication.launchContext = new ConsoleContext(folder,
                ConsoleServices.Options.defaults(new OsCredentialStore()), UiThreads.javafx(), locale);
        Application.launch(ConsoleApplication.class);
    }
}
