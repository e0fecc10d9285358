package com.payband.drivers.idcard.pcsc;

import com.payband.drivers.idcard.IdCardReader.Subscription;
import com.payband.drivers.idcard.ReaderEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the PC/SC readers and their cards by polling (default every 250 ms): publishes reader
 * attached/removed and card present/removed events, keeps the list Settings shows, and notices the
 * service going away (all readers removed) and coming back (the context renewed, readers attached).
 *
 * <p>Polling rather than {@code CardTerminals.waitForChange}: a blocking wait holds the single
 * JVM-wide PC/SC context that reads use too, and does not return when the service dies. A poll is
 * one list and one zero-timeout status call per reader.
 *
 * <p>Events are delivered on the watcher's thread, in order; a listener must not block.
 */
public final class PcscReaderWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PcscReaderWatcher.class);

    private final PcscContext context;
    private final Duration interval;
    private final ScheduledExecutorService thread;
    private final List<Consumer<ReaderEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    // Guarded by lock.
    private Map<String, PcscReaderStatus> seen = new LinkedHashMap<>();
    private boolean started;

    public PcscReaderWatcher(PcscContext context, Duration interval) {
        this.context = Objects.requireNonNull(context, "context");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pcsc-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Polls once now (so {@link #readers()} is filled), then every interval. */
    public void start() {
        synchronized (lock) {
            if (started) {
                return;
            }
            started = true;
        }
        poll();
        thread.scheduleWithFixedDelay(this::pollQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The readers and their cards as last seen. */
    public List<PcscReaderStatus> readers() {
        synchronized (lock) {
            return List.copyOf(seen.values());
        }
    }

    public PcscContext.Health health() {
        return context.health();
    }

    /** Events of every PC/SC reader. */
    public Subscription subscribe(Consumer<ReaderEvent> listener) {
        Consumer<ReaderEvent> l = Objects.requireNonNull(listener, "listener");
        Consumer<ReaderEvent> wrapper = e -> l.accept(e);
        listeners.add(wrapper);
        return () -> listeners.remove(wrapper);
    }

    /** Polls at once on the watcher's thread and waits for it: for tests and after a read fails. */
    public void pollNow() {
        try {
            thread.submit(this::pollQuietly).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("poll", e);
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("PC/SC poll failed", e);
        }
    }

    private void poll() {
        Map<String, PcscReaderStatus> now = new LinkedHashMap<>();
        try {
            for (CardTerminal t : context.readers()) {
                boolean card;
                try {
                    card = PcscGate.call(t::isCardPresent);
                } catch (CardException e) {
                    if (context.renewIfServiceGone(e)) {
                        now.clear();
                        break;
                    }
                    continue; // the reader left between list and status
                }
                now.put(t.getName(), new PcscReaderStatus(t.getName(), PcscReaderStatus.infoFor(t.getName()), card));
            }
        } catch (PcscServiceException e) {
            LOG.debug("PC/SC service: {}", e.getMessage());
        }
        List<ReaderEvent> events = new ArrayList<>();
        synchronized (lock) {
            for (PcscReaderStatus old : seen.values()) {
                PcscReaderStatus current = now.get(old.name());
                if (current == null) {
                    if (old.cardPresent()) {
                        events.add(new ReaderEvent.CardRemoved(old.info()));
                    }
                    events.add(new ReaderEvent.ReaderRemoved(old.info()));
                } else if (old.cardPresent() && !current.cardPresent()) {
                    events.add(new ReaderEvent.CardRemoved(current.info()));
                } else if (!old.cardPresent() && current.cardPresent()) {
                    events.add(new ReaderEvent.CardPresent(current.info()));
                }
            }
            for (PcscReaderStatus current : now.values()) {
                if (!seen.containsKey(current.name())) {
                    events.add(new ReaderEvent.ReaderAttached(current.info()));
                    if (current.cardPresent()) {
                        events.add(new ReaderEvent.CardPresent(current.info()));
                    }
                }
            }
            seen = now;
        }
        for (ReaderEvent e : events) {
            for (Consumer<ReaderEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("a reader event listener failed", ex);
                }
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        awaitQuietly(thread, "pcsc-watcher");
    }

    /** Waits for a PC/SC worker to finish what it is doing (never from the worker itself). */
    static void awaitQuietly(java.util.concurrent.ExecutorService worker, String threadName) {
        if (Thread.currentThread().getName().equals(threadName)) {
            return;
        }
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within 10 s", threadName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PcscReaderWatcher[" + readers().size() + " readers, " + health() + "]";
    }
}
