package com.payband.console.ui;

import com.payband.console.app.ConsoleServices;
import com.payband.console.crypto.OsCredentialStore;
import com.payband.console.i18n.Messages;
import com.payband.console.store.DataFolder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;

/**
 * Starts the window: {@code payband} with no command, or {@code payband gui [--data-dir DIR] [--lang zh]}.
 * Simulator mode with the sample bands and cards: no hardware, backend or server needed.
 */
public final class UiLauncher {

    private UiLauncher() {
    }

    private static void daemon(Runnable work) {
        Thread t = new Thread(work, "console-context");
        t.setDaemon(true);
        t.start();
    }

    public static void launch(String[] args) {
        Optional<Path> dataDir = Optional.empty();
        Locale locale = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Optional.of(Path.of(args[++i]));
                case "--lang" -> locale = Messages.parse(args[++i]);
                default -> { }
            }
        }
        Optional<Path> chosenDir = dataDir;
        Locale chosenLocale = locale;
        // the context (preferences, texts, options) is made beside the toolkit's start, not before it: ~100 ms
        // sooner to the first frame. Nothing logs before that frame: the log file comes with the store (boot).
        ConsoleApplication.launchContext = CompletableFuture.supplyAsync(() -> {
            ConsoleContext context = new ConsoleContext(DataFolder.resolveDefault(chosenDir),
                    ConsoleServices.Options.defaults(new OsCredentialStore()), UiThreads.javafx(), chosenLocale);
            context.logToDataFolder();
            return context;
        }, UiLauncher::daemon);
        Application.launch(ConsoleApplication.class);
    }
}
