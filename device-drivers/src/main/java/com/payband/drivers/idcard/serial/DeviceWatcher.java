package com.payband.drivers.idcard.serial;

import com.payband.drivers.idcard.IdCardReader.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices serial devices coming and going (readers plugged in and pulled out) by looking at a
 * {@link DeviceSource} every polling interval (at most one second, so a change shows within two at
 * worst, one on average). Looking is a directory listing: no port is opened. Events go to subscribers
 * on the watcher's own thread, in the order they happened; a subscriber must not block.
 *
 * <p>A new subscriber first gets an {@link DeviceEvent.Appeared} for every device present now.
 */
public final class DeviceWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceWatcher.class);

    /** Longest allowed polling interval: with it a change is noticed within two seconds even with a slow scan. */
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

    private final DeviceSource source;
    private final Duration interval;
    private final ScheduledExecutorService thread;
    private final List<Consumer<DeviceEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private Set<Path> present = new TreeSet<>();
    private long scans;
    private boolean started;
    private volatile boolean closed;

    public DeviceWatcher(DeviceSource source, Duration interval) {
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero() || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("polling interval must be within (0, 1 s]: " + interval);
        }
        this.interval = interval;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "serial-device-watcher");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
    }

    /** Watches {@code globs} every {@code interval}. */
    public static DeviceWatcher ofGlobs(List<String> globs, Duration interval) {
        return new DeviceWatcher(DeviceSource.globs(globs), interval);
    }

    /** Starts polling (idempotent). The first scan runs at once. */
    public DeviceWatcher start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the device watcher is closed");
            }
            if (!started) {
                started = true;
                thread.scheduleWithFixedDelay(this::scan, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return this;
    }

    public Duration interval() {
        return interval;
    }

    /** The devices seen at the last scan (empty before the first). */
    public Set<Path> present() {
        synchronized (lock) {
            return Set.copyOf(present);
        }
    }

    /** Whether the device was there at the last scan. */
    public boolean isPresent(Path path) {
        synchronized (lock) {
            return present.contains(path);
        }
    }

    /** Whether this watcher has scanned at least once (so that {@link #isPresent} means something). */
    public boolean scannedOnce() {
        synchronized (lock) {
            return scans > 0;
        }
    }

    public Subscription subscribe(Consumer<DeviceEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        Consumer<DeviceEvent> wrapped = listener::accept;
        // Joins on the watcher's thread, so that its view of "present" and the events to come line up.
        thread.execute(() -> {
            Set<Path> now;
            synchronized (lock) {
                now = Set.copyOf(present);
            }
            subscribers.add(wrapped);
            for (Path path : new TreeSet<>(now)) {
                deliver(wrapped, new DeviceEvent.Appeared(path));
            }
        });
        return () -> subscribers.remove(wrapped);
    }

    /** Scans now and waits for it (the scan runs on the watcher's thread, in line with the polling), for "refresh" buttons and tests. */
    public void scanNow() throws InterruptedException {
        try {
            thread.submit(this::scan).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("device scan failed", e.getCause());
        }
    }

    private void scan() {
        if (closed) {
            return;
        }
        Set<Path> now;
        try {
            now = new TreeSet<>(source.present());
        } catch (RuntimeException e) {
            LOG.warn("Listing serial devices failed; trying again in {} ms", interval.toMillis(), e);
            return;
        }
        Set<Path> before;
        synchronized (lock) {
            before = present;
            present = now;
            scans++;
        }
        for (Path gone : before) {
            if (!now.contains(gone)) {
                LOG.info("Serial device {} disappeared", gone);
                publish(new DeviceEvent.Disappeared(gone));
            }
        }
        for (Path added : now) {
            if (!before.contains(added)) {
                LOG.info("Serial device {} appeared", added);
                publish(new DeviceEvent.Appeared(added));
            }
        }
    }

    private void publish(DeviceEvent event) {
        for (Consumer<DeviceEvent> subscriber : subscribers) {
            deliver(subscriber, event);
        }
    }

    private static void deliver(Consumer<DeviceEvent> subscriber, DeviceEvent event) {
        try {
            subscriber.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("A device event listener failed on {}", event, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
    }
}
