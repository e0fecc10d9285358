package com.payband.console.sync;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's sync in the background: pushes the outbox at the interval while it works, backs off with jitter
 * while the backend cannot be reached, and pushes at once when asked ("sync now" or a new change). A console
 * that is not registered is left alone. Runs as the system (the outbox holds only committed changes, so there
 * is nothing a member of staff could add); each outcome goes to {@code listener} (the status bar).
 */
public final class BackgroundSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundSync.class);

    private final SyncService sync;
    private final BackendRegistration backend;
    private final Backoff backoff;
    private Runnable afterFirstSync;
    private Runnable afterEachSync;
    private final Consumer<Outcome> listener;
    private final ScheduledExecutorService timer;
    private final Random random = new Random();
    private int failures;
    private ScheduledFuture<?> next;

    /** One push's result: the report, or the failure. */
    public record Outcome(SyncService.PushReport report, BackendException failure, Duration nextIn) {
    }

    public BackgroundSync(SyncService sync, BackendRegistration backend, Backoff backoff, Consumer<Outcome> listener) {
        this.sync = sync;
        this.backend = backend;
        this.backoff = backoff;
        this.listener = listener;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "background-sync");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Work for the first sync that succeeds (start-up reconciliation: the issuer then knows every change this console
     * made), run once on the sync's thread.
     */
    public synchronized void afterFirstSync(Runnable work) {
        this.afterFirstSync = work;
    }

    /** Work to run on this sync's thread after every successful sync (after the first one's own work). */
    public synchronized void afterEachSync(Runnable work) {
        this.afterEachSync = work;
    }

    /** Starts pushing: now, then at the interval. */
    public synchronized void start() {
        schedule(Duration.ZERO);
    }

    /** Pushes as soon as possible (the waiting back-off is cut short). */
    public synchronized void pushSoon() {
        schedule(Duration.ZERO);
    }

    private synchronized void schedule(Duration in) {
        if (timer.isShutdown()) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = timer.schedule(this::run, in.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        if (!backend.available()) {
            schedule(backoff.interval());
            return;
        }
        SyncService.PushReport report = null;
        BackendException failure = null;
        try {
            report = sync.push();
        } catch (BackendException e) {
            failure = e;
        } catch (RuntimeException e) {
            LOG.error("background sync failed", e);
            failure = new BackendException(BackendException.Reason.REFUSED, null, e.toString(), e);
        }
        Runnable once = null;
        Runnable each = null;
        synchronized (this) {
            if (failure == null && afterFirstSync != null) {
                once = afterFirstSync;
                afterFirstSync = null;
            }
            if (failure == null) {
                each = afterEachSync;
            }
        }
        for (Runnable work : new Runnable[] {once, each}) {
            if (work != null) {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("work after a sync failed", e);
                }
            }
        }
        Duration wait;
        synchronized (this) {
            failures = failure == null ? 0 : failures + 1;
            wait = backoff.next(failures, random);
        }
        if (failure != null) {
            LOG.info("sync failed ({}); next try in {} s", failure.reason(), wait.toSeconds());
        }
        try {
            listener.accept(new Outcome(report, failure, wait));
        } catch (RuntimeException e) {
            LOG.warn("sync listener failed", e);
        }
        schedule(wait);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
