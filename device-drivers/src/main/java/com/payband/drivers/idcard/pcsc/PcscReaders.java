package com.payband.drivers.idcard.pcsc;

import com.payband.drivers.idcard.IdCardReader.Subscription;
import com.payband.drivers.idcard.ReaderEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The PC/SC side of the console, in one object: the service connection, the watcher with the readers'
 * live card status, and the readers themselves. What the console creates once (Settings lists
 * {@link #list()}, the wizard and the command line {@link #open(String) open} one by name).
 */
public final class PcscReaders implements AutoCloseable {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    private final PcscContext context;
    private final PcscReaderWatcher watcher;
    private final PassiveAuthenticator authenticator;
    private final Clock clock;

    private PcscReaders(PcscContext context, PassiveAuthenticator authenticator, Clock clock,
            Duration pollInterval) {
        this.context = context;
        this.authenticator = authenticator;
        this.clock = clock;
        this.watcher = new PcscReaderWatcher(context, pollInterval);
    }

    /**
     * Connects to the PC/SC service (or keeps trying, if it is not running yet) and starts watching.
     *
     * @param trust the CSCAs passive authentication chains to; {@link CscaTrustList#empty()} makes every
     *     document NOT_CHECKED
     */
    public static PcscReaders start(CscaTrustList trust, Clock clock) {
        return start(trust, clock, DEFAULT_POLL_INTERVAL);
    }

    public static PcscReaders start(CscaTrustList trust, Clock clock, Duration pollInterval) {
        PcscReaders readers = new PcscReaders(new PcscContext(),
                new PassiveAuthenticator(Objects.requireNonNull(trust, "trust"), Objects.requireNonNull(clock, "clock")),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(pollInterval, "pollInterval"));
        readers.watcher.start();
        return readers;
    }

    /** The readers and whether a card lies on each, as last polled. */
    public List<PcscReaderStatus> list() {
        return watcher.readers();
    }

    /** Whether the PC/SC service answers, is not running, or needs the console restarted. */
    public PcscContext.Health health() {
        return context.health();
    }

    /**
     * The reader of that PC/SC name (or id {@code pcsc:NAME}). The reader need not be attached now: a
     * read then fails READER_UNAVAILABLE and the reader's state is ABSENT. Close it when done; closing
     * it does not stop the watcher.
     */
    public PcscIdCardReader open(String nameOrId) {
        Objects.requireNonNull(nameOrId, "nameOrId");
        String name = nameOrId.startsWith(PcscReaderStatus.ID_PREFIX)
                ? nameOrId.substring(PcscReaderStatus.ID_PREFIX.length()) : nameOrId;
        return new PcscIdCardReader(name, context, watcher, authenticator, clock);
    }

    /** Events of all PC/SC readers (attached, removed, card present, card removed). */
    public Subscription subscribe(Consumer<ReaderEvent> listener) {
        return watcher.subscribe(listener);
    }

    /** Polls now and waits for it (the watcher polls by itself every interval). */
    public void refresh() {
        watcher.pollNow();
    }

    public PassiveAuthenticator authenticator() {
        return authenticator;
    }

    @Override
    public void close() {
        watcher.close();
    }

    @Override
    public String toString() {
        return "PcscReaders[" + health() + ", " + list().size() + " readers]";
    }
}
