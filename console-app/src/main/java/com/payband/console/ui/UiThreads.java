package com.payband.console.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Where work runs: the services (database, Argon2, radio, reader) off the FX thread, and what they
 * return back on it. View-models take this, so their tests run both inline without a screen.
 */
public interface UiThreads {

    void background(Runnable work);

    void ui(Runnable work);

    /** Runs the work in the background and hands its result, or its failure, to the FX thread. */
    default <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        background(() -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable t) {
                ui(() -> onFailure.accept(t));
                return;
            }
            ui(() -> onSuccess.accept(result));
        });
    }

    /** The application's: a pool of daemon worker threads, and {@link Platform#runLater}. */
    static UiThreads javafx() {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "console-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new UiThreads() {
            @Override
            public void background(Runnable work) {
                pool.execute(work);
            }

            @Override
            public void ui(Runnable work) {
                if (Platform.isFxApplicationThread()) {
                    work.run();
                } else {
                    Platform.runLater(work);
                }
            }
        };
    }

    /** Everything inline, in the caller's thread: for view-model tests. */
    static UiThreads inline() {
        return new UiThreads() {
            @Override
            public void background(Runnable work) {
                work.run();
            }

            @Override
            public void ui(Runnable work) {
                work.run();
            }
        };
    }
}
