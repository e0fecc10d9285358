package com.payband.drivers.idcard.sim;

import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.ReadProgress;
import com.payband.drivers.idcard.ReadProgress.Stage;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.ReaderState;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.TravelDocument;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader that behaves like hardware without any: it detects, authenticates and reads in steps
 * that take as long as a real reader's (scaled by {@link SimulatorSettings#latencyScale()}), fails
 * the way real readers fail, and publishes the same events. People and tests drive it by placing
 * and removing cards, pulling and plugging its cable, and injecting faults.
 *
 * <p>All reads, events and progress run on one daemon thread of its own; no method blocks its
 * caller. Events and a read's progress arrive in order, and the events that explain a failed read
 * (the card leaving, the reader unplugged) arrive before the read's future completes.
 *
 * <p>Everything it delivers is marked simulated, so it can never pass for a real person's document.
 */
public final class SimulatedIdCardReader implements IdCardReader {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedIdCardReader.class);

    private static final int SLOW_FACTOR = 10;

    private final ReaderInfo info;
    private final SimulatorSettings settings;
    private final ScheduledThreadPoolExecutor thread;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    // All below guarded by lock.
    private boolean pluggedIn = true;
    private boolean closed;
    /** What lies on the reader, whether or not an unplugged reader can see it. */
    private Card card;
    private Read current;
    private SimulatedFault nextFault;

    /** The reader {@code sim:0}. */
    public SimulatedIdCardReader(SimulatorSettings settings) {
        this(0, settings);
    }

    /** The reader {@code sim:<index>}, for setups that simulate several counters. */
    public SimulatedIdCardReader(int index, SimulatorSettings settings) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.info = new ReaderInfo("sim:" + index, "Simulated ID card reader " + index, ReaderKind.SIMULATOR, true);
        this.thread = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "idcard-sim-" + index);
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        // On close, steps waiting for their latency are dropped; due events and settlements still run.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public ReaderInfo info() {
        return info;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    @Override
    public ReaderState state() {
        synchronized (lock) {
            if (closed || !pluggedIn) {
                return ReaderState.ABSENT;
            }
            if (current != null) {
                return ReaderState.READING;
            }
            return card != null ? ReaderState.CARD_PRESENT : ReaderState.READY;
        }
    }

    /**
     * Places a sample document on the reader.
     *
     * @throws IllegalArgumentException if no sample has that name
     */
    public void insertCard(String sampleName) {
        insertCard(SampleDocuments.byName(sampleName)
                .orElseThrow(() -> new IllegalArgumentException("no sample document named " + sampleName)));
    }

    public void insertCard(SampleDocument sample) {
        place(new Card(sample.document(settings.clock()), sample.chipGenuine()));
    }

    /** Places any document with a genuine chip; what is read back is marked simulated. */
    public void insertCard(IdDocument document) {
        place(new Card(markedSimulated(document), true));
    }

    /** Takes the card off the reader; a read in progress fails with CARD_REMOVED at its next step. */
    public void removeCard() {
        synchronized (lock) {
            requireOpen();
            if (card == null) {
                return;
            }
            card = null;
            if (pluggedIn) {
                publish(new ReaderEvent.CardRemoved(info));
            }
        }
    }

    /** Pulls the cable: the reader becomes ABSENT and a read in progress fails with READER_UNAVAILABLE. */
    public void unplug() {
        synchronized (lock) {
            requireOpen();
            if (!pluggedIn) {
                return;
            }
            pluggedIn = false;
            publish(new ReaderEvent.ReaderRemoved(info));
            if (current != null) {
                settle(current, null, new IdCardReadException(Failure.READER_UNAVAILABLE, "reader unplugged"));
            }
        }
    }

    /** Plugs the cable back in; a card left on the reader is seen again. */
    public void plugIn() {
        synchronized (lock) {
            requireOpen();
            if (pluggedIn) {
                return;
            }
            pluggedIn = true;
            publish(new ReaderEvent.ReaderAttached(info));
            if (card != null) {
                publish(new ReaderEvent.CardPresent(info));
            }
        }
    }

    /** Plays {@code fault} on the next read that starts (replacing any fault not yet played). */
    public void injectFault(SimulatedFault fault) {
        Objects.requireNonNull(fault, "fault");
        synchronized (lock) {
            requireOpen();
            nextFault = fault;
        }
    }

    /** Withdraws a fault that no read has played yet. */
    public void clearFault() {
        synchronized (lock) {
            nextFault = null;
        }
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
            if (!pluggedIn) {
                return failed(Failure.READER_UNAVAILABLE, "reader unplugged");
            }
            if (current != null) {
                return failed(Failure.BUSY, "a read is in progress");
            }
            read = new Read(request, progress, nextFault);
            nextFault = null;
            current = read;
            read.pendingStep = thread.schedule(() -> start(read), 0, TimeUnit.NANOSECONDS);
        }
        // A cancelled (or otherwise completed-from-outside) read lets go of the reader at once.
        read.future.whenComplete((document, error) -> {
            synchronized (lock) {
                if (current == read) {
                    detach(read);
                }
            }
        });
        return read.future;
    }

    @Override
    public Subscription subscribe(Consumer<ReaderEvent> listener) {
        Subscriber subscriber = new Subscriber(Objects.requireNonNull(listener, "listener"));
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (current != null) {
                settle(current, null, new IdCardReadException(Failure.READER_UNAVAILABLE, "reader closed"));
            }
            closed = true;
        }
        thread.shutdown();
    }

    /** For tests: returns once every event and settlement queued so far has been delivered. */
    void awaitDelivered(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        thread.submit(() -> { }).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** For tests: waits until the reader's thread has ended after {@link #close()}. */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        return thread.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    // --- the read, one step per task on the reader thread -------------------------------------------

    private void start(Read read) {
        if (!report(read, Stage.DETECTING_CARD)) {
            return;
        }
        if (read.fault == SimulatedFault.SILENT) {
            next(read, settings.timeout().toNanos(),
                    () -> fail(read, Failure.TIMEOUT, "reader did not answer within " + settings.timeout()));
            return;
        }
        next(read, latency(read, read.timing.detect), () -> detect(read));
    }

    private void detect(Read read) {
        Card seen;
        synchronized (lock) {
            if (current != read) {
                return;
            }
            seen = card;
            read.card = seen;
        }
        if (seen == null) {
            fail(read, Failure.NO_CARD, "no card on the reader");
            return;
        }
        read.timing = Timing.of(seen.document.documentType());
        if (report(read, Stage.AUTHENTICATING)) {
            next(read, latency(read, read.timing.authenticate), () -> authenticate(read));
        }
    }

    private void authenticate(Read read) {
        if (!cardStillThere(read)) {
            return;
        }
        if (!read.card.chipGenuine) {
            fail(read, Failure.INVALID_DOCUMENT, "card authentication failed");
            return;
        }
        if (read.card.document instanceof TravelDocument travel && !opens(read.request, travel)) {
            fail(read, Failure.ACCESS_DENIED, "the access key does not open the chip");
            return;
        }
        if (report(read, Stage.READING_TEXT)) {
            next(read, latency(read, read.timing.text), () -> readText(read));
        }
    }

    private void readText(Read read) {
        if (!cardStillThere(read)) {
            return;
        }
        if (read.fault == SimulatedFault.CARD_REMOVED_MID_READ) {
            synchronized (lock) {
                if (current != read) {
                    return;
                }
                card = null;
                publish(new ReaderEvent.CardRemoved(info));
                settle(read, null, new IdCardReadException(Failure.CARD_REMOVED, "card left during the read"));
            }
            return;
        }
        if (read.fault == SimulatedFault.UNPLUGGED_MID_READ) {
            synchronized (lock) {
                if (current != read) {
                    return;
                }
                pluggedIn = false;
                publish(new ReaderEvent.ReaderRemoved(info));
                settle(read, null, new IdCardReadException(Failure.READER_UNAVAILABLE, "reader unplugged"));
            }
            return;
        }
        if (read.fault == SimulatedFault.GARBLED_FRAME) {
            fail(read, Failure.COMMUNICATION_ERROR, "text frame checksum mismatch");
            return;
        }
        if (report(read, Stage.READING_PORTRAIT)) {
            next(read, latency(read, read.timing.portrait), () -> readPortrait(read));
        }
    }

    private void readPortrait(Read read) {
        if (cardStillThere(read) && report(read, Stage.VERIFYING)) {
            next(read, latency(read, read.timing.verify), () -> verify(read));
        }
    }

    private void verify(Read read) {
        if (cardStillThere(read) && report(read, Stage.DONE)) {
            synchronized (lock) {
                if (current == read) {
                    settle(read, read.card.document, null);
                }
            }
        }
    }

    // --- plumbing -----------------------------------------------------------------------------------

    private void place(Card placed) {
        synchronized (lock) {
            requireOpen();
            if (card != null && pluggedIn) {
                publish(new ReaderEvent.CardRemoved(info));
            }
            card = placed;
            if (pluggedIn) {
                publish(new ReaderEvent.CardPresent(info));
            }
        }
    }

    /** Fails the read with CARD_REMOVED unless the card it detected is still on the reader. */
    private boolean cardStillThere(Read read) {
        synchronized (lock) {
            if (current != read) {
                return false;
            }
            if (card == read.card) {
                return true;
            }
            settle(read, null, new IdCardReadException(Failure.CARD_REMOVED, "card left during the read"));
            return false;
        }
    }

    private void fail(Read read, Failure failure, String detail) {
        synchronized (lock) {
            if (current == read) {
                settle(read, null, new IdCardReadException(failure, detail));
            }
        }
    }

    /**
     * Frees the reader now and completes the future as the reader thread's next task, after any event
     * already published. Caller holds the lock and has checked that {@code read} is current.
     */
    private void settle(Read read, IdDocument document, IdCardReadException error) {
        detach(read);
        if (error != null) {
            LOG.debug("Simulated read on {} failed: {}", info.id(), error.failure());
        }
        thread.execute(() -> {
            if (error == null) {
                read.future.complete(document);
            } else {
                read.future.completeExceptionally(error);
            }
        });
    }

    /** Caller holds the lock. */
    private void detach(Read read) {
        current = null;
        if (read.pendingStep != null) {
            read.pendingStep.cancel(false);
        }
    }

    /** Schedules a read's next step unless the read is over. */
    private void next(Read read, long delayNanos, Runnable step) {
        synchronized (lock) {
            if (current == read) {
                read.pendingStep = thread.schedule(step, delayNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Reports a stage to the read's listener; false if the read is over (cancelled, failed). */
    private boolean report(Read read, Stage stage) {
        synchronized (lock) {
            if (current != read) {
                return false;
            }
        }
        try {
            read.progress.accept(new ReadProgress(stage, read.timing.fractionAt(stage)));
        } catch (RuntimeException e) {
            LOG.warn("A read progress listener on {} failed; the read goes on", info.id(), e);
        }
        return true;
    }

    /** Caller holds the lock, which keeps events in the order of the changes they report. */
    private void publish(ReaderEvent event) {
        if (closed) {
            return;
        }
        thread.execute(() -> {
            for (Subscriber subscriber : subscribers) {
                try {
                    subscriber.listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("A reader event listener failed on {}", event.getClass().getSimpleName(), e);
                }
            }
        });
    }

    private long latency(Read read, Duration nominal) {
        double factor = settings.latencyScale() * (read.fault == SimulatedFault.SLOW ? SLOW_FACTOR : 1);
        return (long) (nominal.toNanos() * factor);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the simulated reader " + info.id() + " is closed");
        }
    }

    private static CompletableFuture<IdDocument> failed(Failure failure, String detail) {
        return CompletableFuture.failedFuture(new IdCardReadException(failure, detail));
    }

    /** BAC derives the chip's keys from these three fields: any other value cannot open it. */
    private static boolean opens(ReadRequest request, TravelDocument document) {
        Optional<MrzAccessKey> key = request.accessKey() == null ? Optional.empty() : request.accessKey();
        String number = mrzDocumentNumber(document.documentNumber());
        return key.filter(k -> mrzDocumentNumber(k.documentNumber()).equals(number)
                        && k.birthDate().equals(document.birthDate())
                        && k.expiryDate().equals(document.expiryDate()))
                .isPresent();
    }

    /** The document number as the MRZ holds it: upper case, without trailing fillers. */
    private static String mrzDocumentNumber(String number) {
        String upper = number.strip().toUpperCase(Locale.ROOT);
        int end = upper.length();
        while (end > 0 && upper.charAt(end - 1) == '<') {
            end--;
        }
        return upper.substring(0, end);
    }

    private static IdDocument markedSimulated(IdDocument document) {
        Objects.requireNonNull(document, "document");
        if (document.simulated()) {
            return document;
        }
        if (document instanceof ResidentIdCard c) {
            return new ResidentIdCard(c.fullName(), c.sex(), c.nation(), c.birthDate(), c.address(), c.idNumber(),
                    c.issuingAuthority(), c.validFrom(), c.validUntil(), c.portrait(), true);
        }
        if (document instanceof TravelDocument t) {
            return new TravelDocument(t.documentType(), t.primaryIdentifier(), t.secondaryIdentifier(), t.sex(),
                    t.birthDate(), t.documentNumber(), t.issuingState(), t.nationality(), t.expiryDate(),
                    t.portrait(), t.passiveAuthentication(), true);
        }
        throw new IllegalArgumentException("unknown document kind " + document.getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return "SimulatedIdCardReader[" + info.id() + ", " + state() + "]";
    }

    private record Card(IdDocument document, boolean chipGenuine) {
        @Override
        public String toString() {
            return "Card[withheld]";
        }
    }

    /** Identity matters: the same listener subscribed twice is two subscriptions. */
    private static final class Subscriber {
        final Consumer<ReaderEvent> listener;

        Subscriber(Consumer<ReaderEvent> listener) {
            this.listener = listener;
        }
    }

    /** One read in progress; its fields change only on the reader thread or under the lock. */
    private static final class Read {
        final ReadRequest request;
        final Consumer<ReadProgress> progress;
        final SimulatedFault fault;
        final CompletableFuture<IdDocument> future = new CompletableFuture<>();
        volatile Timing timing = Timing.GAT467;
        volatile Card card;
        ScheduledFuture<?> pendingStep;

        Read(ReadRequest request, Consumer<ReadProgress> progress, SimulatedFault fault) {
            this.request = request;
            this.progress = progress;
            this.fault = fault;
        }
    }

    /**
     * Nominal step durations. GA/T 467: about 112 ms of wire time at 115200 baud for 1295 bytes, plus
     * the SAM's card search and authentication. ICAO 9303 over PC/SC: BAC, then DG1, a 15-20 KB DG2
     * face under secure messaging, and EF.SOD hashing and signature checks.
     */
    private enum Timing {
        GAT467(ms(100), ms(30), ms(25), ms(90), ms(5)),
        ICAO9303(ms(100), ms(250), ms(60), ms(1200), ms(80));

        final Duration detect;
        final Duration authenticate;
        final Duration text;
        final Duration portrait;
        final Duration verify;

        Timing(Duration detect, Duration authenticate, Duration text, Duration portrait, Duration verify) {
            this.detect = detect;
            this.authenticate = authenticate;
            this.text = text;
            this.portrait = portrait;
            this.verify = verify;
        }

        static Timing of(DocumentType type) {
            return type == DocumentType.CN_RESIDENT_ID_CARD ? GAT467 : ICAO9303;
        }

        /** Share of the whole read done when {@code stage} begins; stages are declared in the order they run. */
        double fractionAt(Stage stage) {
            Duration[] steps = {detect, authenticate, text, portrait, verify};
            long total = 0;
            long before = 0;
            for (int i = 0; i < steps.length; i++) {
                total += steps[i].toNanos();
                if (i < stage.ordinal()) {
                    before += steps[i].toNanos();
                }
            }
            return Math.min(1.0, (double) before / total);
        }

        private static Duration ms(long millis) {
            return Duration.ofMillis(millis);
        }
    }
}
