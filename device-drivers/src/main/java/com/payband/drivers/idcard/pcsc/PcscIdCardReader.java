package com.payband.drivers.idcard.pcsc;

import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.IdCardReadException.Reason;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ReadProgress;
import com.payband.drivers.idcard.ReadProgress.Stage;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderState;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.TravelDocument;
import com.payband.drivers.idcard.check.MrzKeyEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import net.sf.scuba.data.Gender;
import net.sf.scuba.smartcards.CardFileInputStream;
import net.sf.scuba.smartcards.CardServiceException;
import org.jmrtd.BACKey;
import org.jmrtd.PassportService;
import org.jmrtd.lds.CardAccessFile;
import org.jmrtd.lds.PACEInfo;
import org.jmrtd.lds.SecurityInfo;
import org.jmrtd.lds.icao.DG1File;
import org.jmrtd.lds.icao.DG2File;
import org.jmrtd.lds.icao.MRZInfo;
import org.jmrtd.lds.iso19794.FaceImageInfo;
import org.jmrtd.lds.iso19794.FaceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ICAO 9303 document (passport, eID card) on a PC/SC reader, read with JMRTD: access control with
 * the MRZ key (PACE when the chip's EF.CardAccess offers it, BAC otherwise or when PACE fails, as
 * ICAO 9303-11 allows), DG1 (the MRZ data), DG2 (the face, JPEG or JPEG 2000, kept as the chip holds
 * it) and EF.SOD, then passive authentication against the configured CSCAs.
 *
 * <p>Failures are typed: no MRZ key or a wrong one (BAC/PACE refused) ACCESS_DENIED; no card NO_CARD;
 * the card leaving mid-read CARD_REMOVED; a card without the eMRTD application UNREADABLE_DOCUMENT;
 * the reader or the PC/SC service gone READER_UNAVAILABLE (the service's restart renews the context,
 * see {@link PcscContext}). Every read connects afresh and disconnects at its end, so a
 * refused key or a pulled card never leaves the reader locked.
 *
 * <p>Reads run on a thread of their own, one at a time per reader.
 */
public final class PcscIdCardReader implements IdCardReader {

    private static final Logger LOG = LoggerFactory.getLogger(PcscIdCardReader.class);

    /** ICAO's fictitious issuing state, used only on specimens: such documents are marked simulated. */
    private static final String SPECIMEN_STATE = "UTO";

    private final String name;
    private final ReaderInfo info;
    private final PcscContext context;
    private final PcscReaderWatcher watcher;
    private final PassiveAuthenticator authenticator;
    private final Clock clock;
    private final ExecutorService thread;
    private final Object lock = new Object();
    // Guarded by lock.
    private Read current;
    private boolean closed;
    private volatile PassiveAuthenticationReport lastReport;

    PcscIdCardReader(String name, PcscContext context, PcscReaderWatcher watcher,
            PassiveAuthenticator authenticator, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.info = PcscReaderStatus.infoFor(name);
        this.context = Objects.requireNonNull(context, "context");
        this.watcher = Objects.requireNonNull(watcher, "watcher");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pcsc-read-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public ReaderInfo info() {
        return info;
    }

    /** The PC/SC reader name. */
    public String name() {
        return name;
    }

    @Override
    public ReaderState state() {
        synchronized (lock) {
            if (closed) {
                return ReaderState.ABSENT;
            }
            if (current != null) {
                return ReaderState.READING;
            }
        }
        return watcher.readers().stream().filter(r -> r.name().equals(name)).findFirst()
                .map(r -> r.cardPresent() ? ReaderState.CARD_PRESENT : ReaderState.READY)
                .orElse(ReaderState.ABSENT);
    }

    /** The passive-authentication details of the last read that got that far (no personal data). */
    public java.util.Optional<PassiveAuthenticationReport> lastPassiveAuthentication() {
        return java.util.Optional.ofNullable(lastReport);
    }

    @Override
    public CompletableFuture<IdDocument> read(ReadRequest request, Consumer<ReadProgress> progress) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(progress, "progress");
        Read read = new Read(request, progress);
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IdCardReadException(Failure.READER_UNAVAILABLE,
                        "reader closed"));
            }
            if (current != null) {
                return CompletableFuture.failedFuture(new IdCardReadException(Failure.BUSY,
                        "a read is in progress"));
            }
            current = read;
        }
        thread.execute(() -> {
            try {
                IdDocument document = run(read);
                finish(read);
                read.future.complete(document);
            } catch (IdCardReadException e) {
                finish(read);
                read.future.completeExceptionally(e);
            } catch (CancellationException e) {
                finish(read);
            } catch (RuntimeException e) {
                finish(read);
                LOG.warn("PC/SC read failed unexpectedly", e);
                read.future.completeExceptionally(new IdCardReadException(Failure.COMMUNICATION_ERROR,
                        "unexpected: " + e.getClass().getSimpleName(), e));
            }
        });
        return read.future;
    }

    private void finish(Read read) {
        synchronized (lock) {
            if (current == read) {
                current = null;
            }
        }
    }

    @Override
    public Subscription subscribe(Consumer<ReaderEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        return watcher.subscribe(e -> {
            if (e.reader().id().equals(info.id())) {
                listener.accept(e);
            }
        });
    }

    @Override
    public void close() {
        Read r;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            r = current;
        }
        if (r != null) {
            r.future.completeExceptionally(new IdCardReadException(Failure.READER_UNAVAILABLE, "reader closed"));
        }
        // the read stops at its next exchange and disconnects on its own thread; nothing of this reader may call
        // into PC/SC once close returns
        thread.shutdown();
        PcscReaderWatcher.awaitQuietly(thread, "pcsc-read-" + name);
    }

    // --- the read, on the reader's thread ---

    private IdDocument run(Read r) throws IdCardReadException {
        r.step(Stage.DETECTING_CARD, 0.0);
        MrzAccessKey key = r.request.accessKey().orElseThrow(() -> new IdCardReadException(Failure.ACCESS_DENIED,
                Reason.MRZ_KEY_MISSING, "an ICAO 9303 chip opens only with the MRZ key", null));
        CardTerminal terminal = terminal();
        try {
            if (!PcscGate.call(terminal::isCardPresent)) {
                throw new IdCardReadException(Failure.NO_CARD, "no card on " + name);
            }
        } catch (CardException e) {
            throw failure(e, Failure.READER_UNAVAILABLE, "card status");
        }
        PcscCardService card = new PcscCardService(terminal);
        try {
            r.checkCancelled();
            card.open();
            PassportService passport = new PassportService(card, PassportService.NORMAL_MAX_TRANCEIVE_LENGTH,
                    PassportService.DEFAULT_MAX_BLOCKSIZE, false, true);
            passport.open();

            r.step(Stage.AUTHENTICATING, 0.05);
            BACKey bacKey = new BACKey(key.documentNumber(), MrzKeyEntry.yymmdd(key.birthDate()),
                    MrzKeyEntry.yymmdd(key.expiryDate()));
            boolean pace = tryPace(passport, bacKey, r);
            r.checkCancelled();
            try {
                passport.sendSelectApplet(pace);
            } catch (CardServiceException e) {
                if (!answered(e)) {
                    throw e; // no answer at all: the card may have left (see cardLeft)
                }
                throw failure(e, Failure.UNREADABLE_DOCUMENT, Reason.NOT_AN_ICAO_DOCUMENT,
                        "no ICAO 9303 application on the card (" + sw(e) + ")");
            }
            if (!pace) {
                try {
                    passport.doBAC(bacKey);
                } catch (CardServiceException e) {
                    if (!answered(e)) {
                        throw e; // a card taken off mid-BAC must not be told to the clerk as a wrong MRZ key
                    }
                    throw failure(e, Failure.ACCESS_DENIED, Reason.MRZ_KEY_REFUSED,
                            "BAC refused: the MRZ key does not open this chip (" + sw(e) + ")");
                }
            }

            r.step(Stage.READING_TEXT, 0.2);
            byte[] dg1 = readFile(passport, PassportService.EF_DG1, r, 0.2, 0.25, true);
            MRZInfo mrz = mrz(dg1);

            r.step(Stage.READING_PORTRAIT, 0.25);
            byte[] dg2 = readFile(passport, PassportService.EF_DG2, r, 0.25, 0.85, false);
            Portrait portrait = dg2 == null ? Portrait.NONE : portrait(dg2);

            r.step(Stage.VERIFYING, 0.85);
            byte[] sod = readFile(passport, PassportService.EF_SOD, r, 0.85, 0.95, true);
            Map<Integer, byte[]> groups = dg2 == null ? Map.of(1, dg1) : Map.of(1, dg1, 2, dg2);
            PassiveAuthenticationReport report = authenticator.verify(sod, groups, mrz.getIssuingState());
            lastReport = report;
            LOG.info("passive authentication on {}: {} ({})", name, report.finding(), report.detail());

            TravelDocument document = document(mrz, portrait, report, LocalDate.now(clock), info.simulated());
            r.step(Stage.DONE, 1.0);
            return document;
        } catch (CardServiceException e) {
            throw cardLeft(terminal, failure(e, Failure.COMMUNICATION_ERROR, "card"));
        } catch (IdCardReadException e) {
            throw cardLeft(terminal, e);
        } finally {
            card.close();
        }
    }

    /**
     * A card pulled away in the middle of an exchange does not always say so: vpcd and some readers
     * answer the APDU in flight with nothing, which JMRTD reports as a garbled response. After such a
     * failure, ask the reader (for up to a second: pcscd polls readers every 400 ms) whether the
     * card is still there; if not, the failure is CARD_REMOVED.
     */
    private IdCardReadException cardLeft(CardTerminal terminal, IdCardReadException e) {
        if (e.failure() != Failure.COMMUNICATION_ERROR && e.failure() != Failure.UNREADABLE_DOCUMENT) {
            return e;
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        try {
            while (PcscGate.call(terminal::isCardPresent)) {
                if (System.nanoTime() > deadline) {
                    return e;
                }
                Thread.sleep(50);
            }
        } catch (CardException | RuntimeException ex) {
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return e;
        }
        return new IdCardReadException(Failure.CARD_REMOVED, "the card left the reader during the read", e);
    }

    private CardTerminal terminal() throws IdCardReadException {
        try {
            for (CardTerminal t : context.readers()) {
                if (t.getName().equals(name)) {
                    return t;
                }
            }
        } catch (PcscServiceException e) {
            throw serviceFailure(e);
        }
        throw new IdCardReadException(Failure.READER_UNAVAILABLE, "reader " + name + " is not attached");
    }

    /** PACE with the MRZ if EF.CardAccess offers it; false (use BAC) if it does not, or if PACE fails. */
    private boolean tryPace(PassportService passport, BACKey key, Read r) throws IdCardReadException {
        CardAccessFile cardAccess;
        try (InputStream in = passport.getInputStream(PassportService.EF_CARD_ACCESS,
                PassportService.DEFAULT_MAX_BLOCKSIZE)) {
            cardAccess = new CardAccessFile(in);
        } catch (CardServiceException | IOException | RuntimeException e) {
            if (lost(e)) {
                throw failure(e, Failure.CARD_REMOVED, "EF.CardAccess");
            }
            return false; // No EF.CardAccess (SW 6A82 on BAC-only chips): BAC.
        }
        for (SecurityInfo info : cardAccess.getSecurityInfos()) {
            if (info instanceof PACEInfo pace) {
                try {
                    passport.doPACE(key, pace.getObjectIdentifier(), PACEInfo.toParameterSpec(pace.getParameterId()),
                            pace.getParameterId());
                    return true;
                } catch (CardServiceException | RuntimeException e) {
                    if (lost(e)) {
                        throw failure(e, Failure.CARD_REMOVED, "PACE");
                    }
                    LOG.info("PACE failed on {} ({}); falling back to BAC", name, sw(e));
                    r.checkCancelled();
                    return false;
                }
            }
        }
        return false;
    }

    private byte[] readFile(PassportService passport, short fid, Read r, double from, double to, boolean required)
            throws IdCardReadException {
        r.checkCancelled();
        CardFileInputStream in;
        try {
            in = passport.getInputStream(fid, PassportService.DEFAULT_MAX_BLOCKSIZE);
        } catch (CardServiceException e) {
            if (!required && !lost(e) && e.getSW() == 0x6A82) {
                return null;
            }
            throw failure(e, Failure.UNREADABLE_DOCUMENT, "file " + Integer.toHexString(fid) + " (" + sw(e) + ")");
        }
        try (in) {
            int length = in.getLength();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(length, 16));
            byte[] buffer = new byte[PassportService.DEFAULT_MAX_BLOCKSIZE];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                r.checkCancelled();
                if (length > 0) {
                    r.step(r.stage, from + (to - from) * Math.min(1.0, (double) out.size() / length));
                }
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            r.checkCancelled();
            throw failure(e, Failure.COMMUNICATION_ERROR, "reading file " + Integer.toHexString(fid));
        }
    }

    /**
     * A file read from the chip, for JMRTD's decoders: skipping past its end is an EOFException. JMRTD 0.8.6 skips
     * with {@code while (skipped < n) skipped += in.skip(n)}, which never ends on a DG2 that stops inside a face's
     * feature point (found by fuzzing: a hostile chip would keep the read spinning forever).
     */
    private static InputStream chipFile(byte[] bytes) {
        return new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                if (skipped == 0 && n > 0) {
                    throw new java.io.EOFException("the file ends inside a field");
                }
                return skipped;
            }
        };
    }

    /** DG1 as the chip gave it: its MRZ, or UNREADABLE_DOCUMENT (never another exception: it is outside input). */
    static MRZInfo mrz(byte[] dg1) throws IdCardReadException {
        if (!BerTlv.wellFormed(dg1)) {
            throw new IdCardReadException(Failure.UNREADABLE_DOCUMENT, "DG1 is not a well-formed TLV");
        }
        try {
            return new DG1File(chipFile(dg1)).getMRZInfo();
        } catch (IOException | RuntimeException e) {
            throw new IdCardReadException(Failure.UNREADABLE_DOCUMENT, "DG1 cannot be decoded", e);
        }
    }

    /** DG2's first face, or no portrait when it cannot be decoded (the read goes on: the portrait is optional). */
    static Portrait portrait(byte[] dg2) {
        if (!BerTlv.wellFormed(dg2)) {
            LOG.warn("DG2 is not a well-formed TLV: no portrait");
            return Portrait.NONE;
        }
        try {
            DG2File file = new DG2File(chipFile(dg2));
            for (FaceInfo face : file.getFaceInfos()) {
                for (FaceImageInfo image : face.getFaceImageInfos()) {
                    byte[] data;
                    try (InputStream in = image.getImageInputStream()) {
                        data = in.readAllBytes();
                    }
                    String mime = String.valueOf(image.getMimeType()).toLowerCase(Locale.ROOT);
                    if (mime.contains("jp2") || mime.contains("jpeg2000")) {
                        return new Portrait(Portrait.Format.JPEG2000, data);
                    }
                    if (mime.contains("jpeg")) {
                        return new Portrait(Portrait.Format.JPEG, data);
                    }
                    LOG.info("DG2 face in an unexpected format ({}): no portrait", mime);
                    return Portrait.NONE;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("DG2 cannot be decoded: no portrait ({})", e.toString());
        }
        return Portrait.NONE;
    }

    static TravelDocument document(MRZInfo mrz, Portrait portrait, PassiveAuthenticationReport report, LocalDate today,
            boolean simulatedReader) throws IdCardReadException {
        LocalDate birth = MrzKeyEntry.birthDate(mrz.getDateOfBirth(), today).orElseThrow(
                () -> new IdCardReadException(Failure.UNREADABLE_DOCUMENT, "DG1 birth date is no date"));
        LocalDate expiry = MrzKeyEntry.expiryDate(mrz.getDateOfExpiry(), today).orElseThrow(
                () -> new IdCardReadException(Failure.UNREADABLE_DOCUMENT, "DG1 expiry date is no date"));
        String code = String.valueOf(mrz.getDocumentCode());
        DocumentType type = code.startsWith("P") ? DocumentType.PASSPORT : DocumentType.ICAO_ID_CARD;
        Sex sex = mrz.getGender() == Gender.MALE ? Sex.MALE
                : mrz.getGender() == Gender.FEMALE ? Sex.FEMALE : Sex.UNSPECIFIED;
        String issuingState = fillers(mrz.getIssuingState());
        boolean simulated = simulatedReader || SPECIMEN_STATE.equals(issuingState);
        return new TravelDocument(type, fillers(mrz.getPrimaryIdentifier()), fillers(mrz.getSecondaryIdentifier()),
                sex, birth, fillers(mrz.getDocumentNumber()), issuingState, fillers(mrz.getNationality()), expiry,
                portrait, report.result(), simulated);
    }

    /** MRZ text for people: fillers become spaces, runs of them one. */
    private static String fillers(String mrzText) {
        return mrzText == null ? "" : mrzText.replace('<', ' ').trim().replaceAll(" +", " ");
    }

    private IdCardReadException failure(Throwable e, Failure otherwise, String what) {
        return failure(e, otherwise, null, what);
    }

    private IdCardReadException failure(Throwable e, Failure otherwise, Reason reason, String what) {
        String code = PcscErrors.code(e);
        if (PcscErrors.isServiceGone(code)) {
            context.renew();
            boolean restart = context.health() == PcscContext.Health.RESTART_REQUIRED;
            return new IdCardReadException(Failure.READER_UNAVAILABLE,
                    restart ? Reason.PCSC_RESTART_CONSOLE : Reason.PCSC_SERVICE_STOPPED_DURING_READ,
                    "the PC/SC service stopped during the read (" + code + ")"
                            + (restart ? "; restart the console to reach the restarted service" : "; try again"), e);
        }
        if (PcscErrors.isCardGone(code)) {
            return new IdCardReadException(Failure.CARD_REMOVED, "the card left the reader (" + code + ")", e);
        }
        if (PcscErrors.isReaderGone(code)) {
            return new IdCardReadException(Failure.READER_UNAVAILABLE, "reader " + name + " is gone (" + code + ")",
                    e);
        }
        return new IdCardReadException(otherwise, reason, what + ": " + code, e);
    }

    private IdCardReadException serviceFailure(PcscServiceException e) {
        String advice = switch (e.health()) {
            case RESTART_REQUIRED -> "the PC/SC service was restarted: restart the console";
            case NOT_RUNNING -> "the PC/SC service (pcscd) is not running";
            case RUNNING -> "the PC/SC service failed";
        };
        Reason reason = switch (e.health()) {
            case RESTART_REQUIRED -> Reason.PCSC_RESTART_CONSOLE;
            case NOT_RUNNING -> Reason.PCSC_SERVICE_NOT_RUNNING;
            case RUNNING -> null;
        };
        return new IdCardReadException(Failure.READER_UNAVAILABLE, reason, advice + " (" + e.getMessage() + ")", e);
    }

    private static boolean lost(Throwable e) {
        String code = PcscErrors.code(e);
        return PcscErrors.isCardGone(code) || PcscErrors.isReaderGone(code) || PcscErrors.isServiceGone(code);
    }

    /** Whether the chip answered with a status word (a refusal), rather than not at all (a lost card). */
    private static boolean answered(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CardServiceException s && s.getSW() != CardServiceException.SW_NONE && s.getSW() > 0) {
                return true;
            }
        }
        return false;
    }

    private static String sw(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CardServiceException s && s.getSW() != CardServiceException.SW_NONE && s.getSW() > 0) {
                return String.format(Locale.ROOT, "SW %04X", s.getSW() & 0xFFFF);
            }
        }
        return PcscErrors.code(e);
    }

    @Override
    public String toString() {
        return "PcscIdCardReader[" + name + ", " + state() + "]";
    }

    /**
     * One read: its future and progress. A cancelled (or closed) read stops at its next step or block and
     * disconnects in its finally: nothing but the read's own thread touches its card (see PcscGate).
     */
    private static final class Read {
        final ReadRequest request;
        final Consumer<ReadProgress> progress;
        final CompletableFuture<IdDocument> future = new CompletableFuture<>();
        volatile Stage stage = Stage.DETECTING_CARD;

        Read(ReadRequest request, Consumer<ReadProgress> progress) {
            this.request = request;
            this.progress = progress;
        }

        void step(Stage s, double fraction) {
            checkCancelled();
            stage = s;
            try {
                progress.accept(new ReadProgress(s, Math.max(0.0, Math.min(1.0, fraction))));
            } catch (RuntimeException e) {
                LOG.warn("a progress listener failed", e);
            }
        }

        void checkCancelled() {
            if (future.isDone()) {
                throw new CancellationException("read cancelled");
            }
        }

    }
}
