package com.payband.drivers.idcard.serial;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ReadProgress;
import com.payband.drivers.idcard.ReadProgress.Stage;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.ReaderState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Chinese resident ID card reader with a GA/T 467 SAM behind a serial port (a USB-serial chip, a
 * pty for the simulator). A read is find card, select card, read text and photo: three commands,
 * about 1360 bytes on the wire (~118 ms at 115200 baud).
 *
 * <p>The port is opened on the first read (or {@link #connect()}) and kept open: the speed is found by
 * asking the SAM its status at each configured speed (115200, then 9600) unless one was given, and the
 * SAM's id is asked once. A reader whose SAM is the PayBand simulator's ({@link SamId#simulator()})
 * delivers documents marked simulated.
 *
 * <p>Reads run on the reader's own thread and are bounded by {@link SerialReaderSettings#readDeadline()};
 * cancelling a read's future stops it within 50 ms and leaves the reader ready for another. Events and
 * the completion of read futures run in order on a second thread; the events that explain a failed read
 * (card removed, reader removed) come before its future completes.
 *
 * <p>Hot-plug: given a {@link DeviceWatcher} that watches the reader's path, the reader turns ABSENT
 * (and a read in progress fails READER_UNAVAILABLE) as soon as the watcher sees the device go, and
 * READY again when it comes back. Without one, it learns of an unplugged device at the next read.
 */
public final class SerialIdCardReader implements IdCardReader {

    private static final Logger LOG = LoggerFactory.getLogger(SerialIdCardReader.class);

    private final String path;
    private final OptionalInt fixedBaud;
    private final SerialReaderSettings settings;
    private final ExecutorService worker;
    private final ExecutorService events;
    private final List<Consumer<ReaderEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final java.util.Set<Thread> ownThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Subscription watch;

    private final Object lock = new Object();
    // Guarded by lock.
    private boolean closed;
    private boolean absent;
    private Read current;
    private ReaderInfo info;
    // Confined to the worker thread, published through volatile reads for the getters.
    private SamConnection connection;
    private volatile SamId samId;
    private volatile int baud;
    /** Set by close(), read without the lock by the worker's cancellation checks. */
    private volatile boolean closing;

    private SerialIdCardReader(String path, OptionalInt fixedBaud, SerialReaderSettings settings, DeviceWatcher watcher) {
        this.path = Objects.requireNonNull(path, "path");
        this.fixedBaud = Objects.requireNonNull(fixedBaud, "fixedBaud");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.info = new ReaderInfo(idOf(path), "ID card reader on " + path, ReaderKind.SERIAL_GAT467, false);
        String name = Paths.get(path).getFileName() == null ? path : Paths.get(path).getFileName().toString();
        this.worker = singleThread("idcard-serial-" + name, ownThreads);
        this.events = singleThread("idcard-serial-events-" + name, ownThreads);
        this.absent = !Files.exists(Paths.get(path));
        this.watch = watcher == null ? null : watcher.subscribe(this::onDevice);
    }

    /** A reader on {@code path} whose speed is found by trying {@link SerialReaderSettings#bauds()}. */
    public static SerialIdCardReader open(String path, SerialReaderSettings settings) {
        return new SerialIdCardReader(path, OptionalInt.empty(), settings, null);
    }

    /** A reader on {@code path} at exactly {@code baud} (as chosen with {@code --baud}). */
    public static SerialIdCardReader open(String path, int baud, SerialReaderSettings settings) {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive: " + baud);
        }
        return new SerialIdCardReader(path, OptionalInt.of(baud), settings, null);
    }

    /**
     * A reader that follows hot-plug events of {@code watcher} for its path.
     *
     * @param baud empty to find the speed
     */
    public static SerialIdCardReader open(String path, OptionalInt baud, SerialReaderSettings settings, DeviceWatcher watcher) {
        return new SerialIdCardReader(path, baud, settings, Objects.requireNonNull(watcher, "watcher"));
    }

    /** {@code serial:/dev/ttyUSB0}. */
    public static String idOf(String path) {
        return "serial:" + path;
    }

    public String path() {
        return path;
    }

    @Override
    public ReaderInfo info() {
        synchronized (lock) {
            return info;
        }
    }

    @Override
    public ReaderState state() {
        synchronized (lock) {
            if (closed || absent) {
                return ReaderState.ABSENT;
            }
            return current != null ? ReaderState.READING : ReaderState.READY;
        }
    }

    /** The SAM's id once the reader has answered; empty before. */
    public Optional<SamId> samId() {
        return Optional.ofNullable(samId);
    }

    /** The speed the reader answered at; empty before it has. */
    public OptionalInt baud() {
        int b = baud;
        return b > 0 ? OptionalInt.of(b) : OptionalInt.empty();
    }

    /**
     * Opens the port and greets the SAM now (for a "test reader" button, and to find the speed before
     * the first customer). Completes with the SAM's id, or exceptionally with an {@link IdCardReadException}.
     */
    public CompletableFuture<SamId> connect() {
        CompletableFuture<SamId> result = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IdCardReadException(Failure.READER_UNAVAILABLE, "reader closed"));
            }
        }
        worker.execute(() -> {
            try {
                SamConnection.Deadline deadline = SamConnection.Deadline.in(settings.readDeadline());
                ensureConnected(deadline, () -> result.isDone() || closing);
                settle(result, samId, null);
            } catch (IdCardReadException e) {
                settle(result, null, e);
            } catch (CancellationException e) {
                settle(result, null, new IdCardReadException(Failure.READER_UNAVAILABLE, "reader closed"));
            } catch (RuntimeException e) {
                settle(result, null, new IdCardReadException(Failure.COMMUNICATION_ERROR, "unexpected: " + e, e));
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<IdDocument> read(ReadRequest request, Consumer<ReadProgress> progress) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(progress, "progress");
        Read read;
        synchronized (lock) {
            if (closed) {
                return failed(Failure.READER_UNAVAILABLE, "reader closed");
            }
            if (absent && watch != null) {
                return failed(Failure.READER_UNAVAILABLE, "reader unplugged");
            }
            if (current != null) {
                return failed(Failure.BUSY, "a read is in progress");
            }
            read = new Read(progress);
            current = read;
        }
        read.future.whenComplete((document, error) -> {
            synchronized (lock) {
                if (current == read) {
                    current = null;
                }
            }
        });
        try {
            worker.execute(() -> run(read));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            end(read, null, new IdCardReadException(Failure.READER_UNAVAILABLE, "reader closed"));
        }
        return read.future;
    }

    @Override
    public Subscription subscribe(Consumer<ReaderEvent> listener) {
        Consumer<ReaderEvent> wrapped = Objects.requireNonNull(listener, "listener")::accept;
        subscribers.add(wrapped);
        return () -> subscribers.remove(wrapped);
    }

    @Override
    public void close() {
        Read read;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            read = current;
        }
        if (watch != null) {
            watch.close();
        }
        if (read != null) {
            end(read, null, new IdCardReadException(Failure.READER_UNAVAILABLE, "reader closed"));
        }
        worker.execute(this::disconnect);
        worker.shutdown();
        events.shutdown();
        // The port is released before close() returns (within the 50 ms a wait on it lasts), so that it
        // can be opened again at once, by another reader or by discovery.
        if (!ownThreads.contains(Thread.currentThread())) { // never wait for ourselves (a listener closing the reader)
            try {
                if (!worker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("The reader on {} did not release its port within {} ms", path, CLOSE_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Longest {@link #close()} waits for the port to be released. */
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(2);

    /** For tests: waits until the reader's threads have ended after {@link #close()}. */
    boolean awaitStopped(java.time.Duration timeout) throws InterruptedException {
        return worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)
                && events.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // --- the read, on the worker thread -------------------------------------------------------------

    private void run(Read read) {
        if (read.future.isDone()) {
            return;
        }
        SamConnection.Deadline deadline = SamConnection.Deadline.in(settings.readDeadline());
        try {
            report(read, Stage.DETECTING_CARD, 0.0);
            ensureConnected(deadline, read::over);
            IdDocument document = readCard(read, deadline, true);
            report(read, Stage.DONE, 1.0);
            end(read, document, null);
        } catch (IdCardReadException e) {
            if (e.failure() == Failure.READER_UNAVAILABLE && e.getCause() instanceof IOException && connection != null) {
                lost(e); // the line failed under us (EIO, short write): the device is gone
            }
            LOG.debug("Read on {} failed: {}", path, e.getMessage());
            end(read, null, e);
        } catch (CancellationException e) {
            LOG.debug("Read on {} stopped: {}", path, read.future.isCancelled() ? "cancelled" : "ended from outside");
        } catch (RuntimeException e) {
            LOG.warn("Read on {} failed unexpectedly", path, e);
            end(read, null, new IdCardReadException(Failure.COMMUNICATION_ERROR, "unexpected: " + e, e));
        }
    }

    private IdDocument readCard(Read read, SamConnection.Deadline deadline, boolean mayRetry) throws IdCardReadException {
        SamConnection c = connection;
        SamResponse found = c.require(SamCommand.FIND_CARD, settings.answerTimeout(), deadline, read::over, null);
        if (found.status() == SamStatus.NO_CARD) {
            if (read.sawCard) {
                publish(new ReaderEvent.CardRemoved(info()));
                throw new IdCardReadException(Failure.CARD_REMOVED, "the card left during the read", failureCause(SamCommand.FIND_CARD, found));
            }
            throw SamConnection.failureFor(SamCommand.FIND_CARD, found);
        }
        if (found.status() != SamStatus.CARD_FOUND) {
            throw SamConnection.failureFor(SamCommand.FIND_CARD, found);
        }
        if (!read.sawCard) {
            read.sawCard = true;
            publish(new ReaderEvent.CardPresent(info()));
        }
        report(read, Stage.AUTHENTICATING, 0.1);
        SamResponse selected = c.require(SamCommand.SELECT_CARD, settings.answerTimeout(), deadline, read::over, null);
        if (selected.status() != SamStatus.OK) {
            return afterCardTrouble(read, deadline, mayRetry, SamCommand.SELECT_CARD, selected);
        }
        report(read, Stage.READING_TEXT, 0.2);
        int textEnd = Frames.HEADER_LENGTH + 3 + 4 + CardData.TEXT_LENGTH;
        SamResponse answer = c.require(SamCommand.READ_TEXT_AND_PHOTO, settings.answerTimeout(), deadline, read::over,
                bytes -> {
                    if (!read.portraitReported && bytes >= textEnd) {
                        read.portraitReported = true;
                        report(read, Stage.READING_PORTRAIT, 0.45);
                    }
                });
        if (answer.status() != SamStatus.OK) {
            return afterCardTrouble(read, deadline, mayRetry, SamCommand.READ_TEXT_AND_PHOTO, answer);
        }
        if (!read.portraitReported) {
            report(read, Stage.READING_PORTRAIT, 0.45);
        }
        report(read, Stage.VERIFYING, 0.95);
        CardData data;
        try {
            data = CardData.decode(answer.dataView());
        } catch (IllegalArgumentException e) {
            throw new IdCardReadException(Failure.UNREADABLE_DOCUMENT, "card record: " + e.getMessage());
        }
        SamId sam = samId;
        return ResidentCardText.decode(data.text(), new Portrait(Portrait.Format.WLT, data.photo()),
                sam != null && sam.simulator());
    }

    /** Select or read failed: gone means CARD_REMOVED; still there, one more try, then the status's failure. */
    private IdDocument afterCardTrouble(Read read, SamConnection.Deadline deadline, boolean mayRetry, SamCommand command,
            SamResponse response) throws IdCardReadException {
        if (response.status().handling() != SamStatus.Handling.CHECK_CARD) {
            throw SamConnection.failureFor(command, response);
        }
        SamResponse again = connection.require(SamCommand.FIND_CARD, settings.answerTimeout(), deadline, read::over, null);
        if (again.status() == SamStatus.NO_CARD) {
            publish(new ReaderEvent.CardRemoved(info()));
            throw new IdCardReadException(Failure.CARD_REMOVED, "the card left during the read",
                    failureCause(command, response));
        }
        if (mayRetry && again.status() == SamStatus.CARD_FOUND) {
            LOG.debug("{} on {} answered {}; the card is still there, trying once more", command, path,
                    SamStatus.describe(response.sw3()));
            return readCardAfterFind(read, deadline);
        }
        throw SamConnection.failureFor(command, response);
    }

    /** The read again, the card just found. */
    private IdDocument readCardAfterFind(Read read, SamConnection.Deadline deadline) throws IdCardReadException {
        // The simplest correct thing: the whole sequence once more, without a further retry.
        return readCard(read, deadline, false);
    }

    private static SamStatusException failureCause(SamCommand command, SamResponse response) {
        return new SamStatusException(command, response.sw3());
    }

    private void ensureConnected(SamConnection.Deadline deadline, java.util.function.BooleanSupplier cancelled)
            throws IdCardReadException {
        if (connection != null) {
            return;
        }
        int first = fixedBaud.orElse(settings.bauds().get(0));
        SerialLink link;
        try {
            link = settings.opener().open(path, first);
        } catch (IOException e) {
            markAbsent(!Files.exists(Paths.get(path)));
            throw new IdCardReadException(Failure.READER_UNAVAILABLE, "cannot open " + path + ": " + e.getMessage(), e);
        }
        link.discardInput();
        SamConnection c = new SamConnection(link, settings);
        try {
            List<Integer> bauds = fixedBaud.isPresent() ? List.of(fixedBaud.getAsInt()) : settings.bauds();
            SamConnection.Handshake handshake = c.handshake(bauds, deadline, cancelled);
            connection = c;
            samId = handshake.samId();
            baud = handshake.baud();
            boolean wasAbsent;
            synchronized (lock) {
                wasAbsent = absent;
                absent = false;
                info = new ReaderInfo(idOf(path), "ID card reader on " + path + " (SAM " + handshake.samId() + ")",
                        ReaderKind.SERIAL_GAT467, handshake.samId().simulator());
            }
            LOG.info("ID card reader on {} answers at {} baud, SAM {}", path, handshake.baud(), handshake.samId());
            if (wasAbsent) {
                publish(new ReaderEvent.ReaderAttached(info()));
            }
        } catch (IdCardReadException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The device went away under a read or a connect: close the port; the next read opens it afresh. */
    private void lost(IdCardReadException e) {
        LOG.info("ID card reader on {} is unavailable: {}", path, e.getMessage());
        disconnect();
        markAbsent(true);
    }

    private void disconnect() {
        SamConnection c = connection;
        connection = null;
        samId = null;
        baud = 0;
        if (c != null) {
            c.close();
        }
    }

    private void markAbsent(boolean nowAbsent) {
        boolean changed;
        synchronized (lock) {
            changed = nowAbsent && !absent && !closed;
            if (nowAbsent) {
                absent = true;
            }
        }
        if (changed) {
            publish(new ReaderEvent.ReaderRemoved(info()));
        }
    }

    // --- hot-plug ------------------------------------------------------------------------------------

    private void onDevice(DeviceEvent event) {
        if (!sameDevice(event.path())) {
            return;
        }
        if (event instanceof DeviceEvent.Disappeared) {
            Read read;
            boolean changed;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                changed = !absent;
                absent = true;
                read = current;
            }
            if (changed) {
                publish(new ReaderEvent.ReaderRemoved(info()));
            }
            if (read != null) {
                end(read, null, new IdCardReadException(Failure.READER_UNAVAILABLE, "reader unplugged"));
            }
            try {
                worker.execute(this::disconnect);
            } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
                // close() disconnects
            }
        } else {
            boolean changed;
            synchronized (lock) {
                changed = absent && !closed;
                absent = false;
            }
            if (changed) {
                publish(new ReaderEvent.ReaderAttached(info()));
            }
        }
    }

    private boolean sameDevice(Path devicePath) {
        return devicePath.toAbsolutePath().normalize().equals(Paths.get(path).toAbsolutePath().normalize());
    }

    // --- events and settlements, in order on the events thread -------------------------------------

    private void publish(ReaderEvent event) {
        try {
            events.execute(() -> {
                for (Consumer<ReaderEvent> subscriber : subscribers) {
                    try {
                        subscriber.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("A reader event listener failed on {}", event.getClass().getSimpleName(), e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            // no events after close
        }
    }

    /** Ends a read: the reader is free before its future completes, so that the caller may read again at once. */
    private void end(Read read, IdDocument document, Throwable error) {
        synchronized (lock) {
            if (current == read) {
                current = null;
            }
        }
        settle(read.future, document, error);
    }

    private <T> void settle(CompletableFuture<T> future, T value, Throwable error) {
        Runnable completion = () -> {
            if (error == null) {
                future.complete(value);
            } else {
                future.completeExceptionally(error);
            }
        };
        try {
            events.execute(completion);
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            completion.run();
        }
    }

    private void report(Read read, Stage stage, double fraction) {
        if (read.over()) {
            return;
        }
        try {
            read.progress.accept(new ReadProgress(stage, fraction));
        } catch (RuntimeException e) {
            LOG.warn("A read progress listener on {} failed; the read goes on", path, e);
        }
    }

    private static CompletableFuture<IdDocument> failed(Failure failure, String detail) {
        return CompletableFuture.failedFuture(new IdCardReadException(failure, detail));
    }

    private static ExecutorService singleThread(String name, java.util.Set<Thread> registry) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            registry.add(t);
            return t;
        });
    }

    @Override
    public String toString() {
        return "SerialIdCardReader[" + path + ", " + state() + "]";
    }

    /** One read in progress. */
    private static final class Read {
        final Consumer<ReadProgress> progress;
        final CompletableFuture<IdDocument> future = new CompletableFuture<>();
        volatile boolean sawCard;
        volatile boolean portraitReported;

        Read(Consumer<ReadProgress> progress) {
            this.progress = progress;
        }

        /** Cancelled, or failed from outside (unplugged, closed): the worker stops at its next step. */
        boolean over() {
            return future.isDone();
        }
    }
}
