package com.payband.console.ui.enrollment;

import com.payband.console.app.ConsoleServices;
import com.payband.console.consent.ConsentText;
import com.payband.console.customer.PersonalDataMask;
import com.payband.console.customer.RegisteredCustomer;
import com.payband.console.enrollment.CustomerPhone;
import com.payband.console.enrollment.Enrolled;
import com.payband.console.enrollment.EnrollmentException;
import com.payband.console.enrollment.EnrollmentService;
import com.payband.console.enrollment.EnrollmentStep;
import com.payband.console.i18n.Messages;
import com.payband.console.reader.DocumentReading;
import com.payband.console.ui.ConsoleContext;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.band.BandSerial;
import com.payband.band.BandState;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReadProgress;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The enrollment wizard's logic: read the document, the customer's consent, the customer's phone (its
 * key code), find the band, bind it, check a payment code from the customer's phone, and the receipt. Every service call runs off the FX thread; every refusal becomes a
 * sentence in the user's language and, where it helps, an action (try again, another band).
 */
public final class EnrollmentViewModel {

    public enum Step { READ_DOCUMENT, CONSENT, PHONE, FIND_BAND, BIND, VERIFY, DONE }

    /** What a line of the bind's progress shows. */
    public enum LineState { WAITING, RUNNING, DONE, FAILED }

    /** A band heard by the scan, as the list shows it. */
    /** @param reportedStolen bound, and its binding on the revocation list (marked in the list) */
    public record BandRow(BandSerial serial, BandState state, Integer batteryPercent, int rssi, boolean reportedStolen) {
        static BandRow of(BandAdvertisement a, java.util.Set<BandSerial> stolen) {
            return new BandRow(a.serial(), a.state(), a.batteryPercent().isPresent() ? a.batteryPercent().getAsInt() : null,
                    a.rssi(), stolen.contains(a.serial()));
        }
    }

    /** The bind steps shown to the clerk (the service's finer steps map onto them). */
    public enum BindLine { ATTESTATION, SESSION, BIND, LOCK }

    private static final Duration SCAN_WINDOW = Duration.ofSeconds(20);
    /**
     * A stock room has hundreds of bands advertising: the list is redrawn at most ten times a second and never while
     * the last redraw waits for the FX thread, and it shows the strongest bands only (the one typed or scanned from
     * its box is found by serial whatever its rank).
     */
    static final long LIVE_EVERY_NANOS = 100_000_000L;
    static final int SHOWN_BANDS = 50;

    private final ConsoleContext context;
    private final ObjectProperty<Step> step = new SimpleObjectProperty<>(Step.READ_DOCUMENT);
    private final StringProperty problem = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty stolen = new SimpleBooleanProperty(false);

    // 1 · document
    private final DoubleProperty readProgress = new SimpleDoubleProperty(0);
    private final StringProperty readStatus = new SimpleStringProperty("");
    private final ObjectProperty<IdDocument> document = new SimpleObjectProperty<>();
    private final ObservableList<String> documentWarnings = FXCollections.observableArrayList();
    private final BooleanProperty documentAccepted = new SimpleBooleanProperty(false);
    private ReaderInfo readerInfo;
    private final AtomicInteger readGeneration = new AtomicInteger();

    // 1 · the MRZ key, for passports on a PC/SC reader
    private final StringProperty mrz = new SimpleStringProperty("");
    private final StringProperty mrzStatus = new SimpleStringProperty("");
    private final BooleanProperty mrzComplete = new SimpleBooleanProperty(false);
    private com.payband.drivers.idcard.MrzAccessKey mrzKey;
    /** The simulator's card tray: for a sample passport, the simulator also plays the MRZ scanner. */
    private final com.payband.console.ui.SampleCardTray tray;

    // 2 · consent
    private final ObjectProperty<Locale> consentLocale = new SimpleObjectProperty<>();
    private final StringProperty consentText = new SimpleStringProperty("");
    private final BooleanProperty consentGiven = new SimpleBooleanProperty(false);
    private ConsentText consent;
    private Instant consentAt;
    private RegisteredCustomer customer;

    // 3 · the customer's phone
    private final StringProperty phoneCode = new SimpleStringProperty("");
    private final StringProperty phoneStatus = new SimpleStringProperty("");
    private final ObjectProperty<CustomerPhone> phone = new SimpleObjectProperty<>();

    // 4 · band
    private final ObservableList<BandRow> bands = FXCollections.observableArrayList();
    private final StringProperty serialTyped = new SimpleStringProperty("");
    /** The serial the typed text chose, while it still says it. */
    private BandSerial typedChoice;
    private final ObjectProperty<BandRow> chosen = new SimpleObjectProperty<>();
    /** The band chosen, for the scan's thread: the property is the FX thread's alone. */
    private volatile BandRow chosenForScan;
    private final BooleanProperty scanning = new SimpleBooleanProperty(false);
    private final AtomicBoolean scanWanted = new AtomicBoolean(false);

    // 5 · bind
    private final ObservableList<BindLine> lines = FXCollections.observableArrayList(BindLine.values());
    private final Map<BindLine, ObjectProperty<LineState>> lineStates = new EnumMap<>(BindLine.class);
    private final StringProperty bindStatus = new SimpleStringProperty("");
    private final BooleanProperty cancellable = new SimpleBooleanProperty(false);
    /** The bind waits in the offline queue: made when the backend answers again. */
    private final BooleanProperty queued = new SimpleBooleanProperty(false);
    private final AtomicBoolean cancelRequested = new AtomicBoolean(false);
    private final ObjectProperty<EnrollmentException.Reason> refusal = new SimpleObjectProperty<>();
    private Enrolled enrolled;
    private UUID unresolvedBinding;
    private boolean linkDropped;

    // 7 · receipt
    private final StringProperty receiptNote = new SimpleStringProperty("");
    private final com.payband.console.ui.ReceiptDesk receipts;

    // 6 · verify
    private final StringProperty paymentCode = new SimpleStringProperty("");
    private final BooleanProperty customerReady = new SimpleBooleanProperty(false);
    private final BooleanProperty paymentVerified = new SimpleBooleanProperty(false);

    public EnrollmentViewModel(ConsoleContext context) {
        this.context = context;
        this.receipts = new com.payband.console.ui.ReceiptDesk(context, receiptNote);
        this.tray = new com.payband.console.ui.SampleCardTray(context);
        for (BindLine l : BindLine.values()) {
            lineStates.put(l, new SimpleObjectProperty<>(LineState.WAITING));
        }
        consentLocale.set(context.localeProperty().get());
        consentLocale.addListener((o, a, b) -> loadConsent());
        loadConsent();
        mrz.addListener((o, a, b) -> checkMrz(b));
        serialTyped.addListener((o, a, b) -> serialTypedChanged(b));
        chosen.addListener((o, a, b) -> chosenForScan = b);
        // a code changed after it was accepted is a new code: it must be checked again
        phoneCode.addListener((o, a, b) -> {
            if (phone.get() != null) {
                phone.set(null);
                phoneStatus.set("");
            }
        });
    }

    /** Whether the reader in use opens chips with the MRZ (a PC/SC reader for passports): the form shows the MRZ field. */
    public boolean needsMrz() {
        return context.reader().info().kind() == com.payband.drivers.idcard.ReaderKind.PCSC;
    }

    /** Checks the MRZ as it is typed (or as a scanner types it): which field is wrong, or that it is complete. */
    private void checkMrz(String typed) {
        var result = com.payband.drivers.idcard.check.MrzKeyEntry.check(typed == null ? "" : typed,
                java.time.LocalDate.now(context.clock()));
        mrzKey = result.key().orElse(null);
        mrzComplete.set(mrzKey != null);
        if (mrzKey != null) {
            mrzStatus.set(context.text("mrz.ok"));
        } else if (typed == null || typed.isBlank()) {
            mrzStatus.set("");
        } else {
            mrzStatus.set(result.firstError().map(f -> context.text("mrz.problem." + f.problem().orElseThrow().name(),
                    context.text("mrz.field." + f.field().name()))).orElse(context.text("mrz.problem.INCOMPLETE",
                    context.text("mrz.field.LAYOUT"))));
        }
    }

    public StringProperty mrz() {
        return mrz;
    }

    public StringProperty mrzStatus() {
        return mrzStatus;
    }

    public BooleanProperty mrzComplete() {
        return mrzComplete;
    }

    // ---------------------------------------------------------------- 1 · the document

    /** The simulator's sample cards, to place on the simulated reader (training and demonstrations). */
    public List<String> sampleCards() {
        return tray.names();
    }

    public void placeSampleCard(String name) {
        tray.place(name);
    }

    public void removeCard() {
        tray.remove();
    }

    public com.payband.console.ui.SampleCardTray tray() {
        return tray;
    }

    public void readDocument() {
        if (busy.get()) {
            return;
        }
        boolean withMrz = needsMrz();
        if (withMrz && mrzKey == null) {
            problem.set(context.text("mrz.needed"));
            return;
        }
        ReadRequest request = withMrz ? ReadRequest.withAccessKey(mrzKey) : tray.request();
        int generation = readGeneration.incrementAndGet();
        problem.set("");
        document.set(null);
        documentWarnings.clear();
        documentAccepted.set(false);
        busy.set(true);
        readProgress.set(0);
        readStatus.set(context.text("enroll.read.reading"));
        var reader = context.reader();
        readerInfo = reader.info();
        context.threads().run(() -> context.services().documentReading().read(context.session(), reader, request,
                p -> context.threads().ui(() -> progress(generation, p))).get(), result -> {
                    if (generation == readGeneration.get()) {
                        read(result);
                    }
                }, e -> {
                    if (generation == readGeneration.get()) {
                        busy.set(false);
                        readStatus.set("");
                        problem.set(context.describe(e));
                    }
                });
    }

    /** Stops waiting for a read (the card stays where it is); the next read starts afresh. */
    public void cancelRead() {
        readGeneration.incrementAndGet();
        busy.set(false);
        readStatus.set(context.text("enroll.read.cancelled"));
    }

    private void progress(int generation, ReadProgress p) {
        if (generation == readGeneration.get()) {
            readProgress.set(p.fraction());
            readStatus.set(context.text("enroll.read.stage." + p.stage().name()));
        }
    }

    private void read(DocumentReading.Result result) {
        busy.set(false);
        readProgress.set(1);
        readStatus.set("");
        document.set(result.document());
        Messages m = context.messages();
        documentWarnings.setAll(result.checks().warnings().stream().map(w -> m.get("problem." + w.name())).toList());
        if (!result.checks().accepted()) {
            problem.set(context.text("enroll.read.refused", com.payband.console.app.FailureMessages.problems(m,
                    result.checks().refusals())));
            return;
        }
        documentAccepted.set(true);
        // the consent in the customer's language: Chinese for a resident ID card, the console's otherwise
        consentLocale.set(com.payband.console.ui.ReceiptDesk.languageOf(result.document().documentType(),
                context.localeProperty().get()));
    }

    /** The identity as the wizard shows it: the clerk holds the card, so the name is in full, the number masked. */
    public String shownName() {
        IdDocument d = document.get();
        return d == null ? "" : d.fullName();
    }

    public String shownNumber() {
        IdDocument d = document.get();
        return d == null ? "" : PersonalDataMask.documentNumber(d.documentNumber());
    }

    // ---------------------------------------------------------------- 2 · consent

    /**
     * The console's language changed mid-enrollment: the wizard keeps where it is; a consent not yet given is offered
     * again in the language the customer would get now (a resident ID card's holder keeps Chinese).
     */
    public void languageChanged() {
        if (consentGiven.get() || consentAt != null) {
            return; // given: the text they agreed to stays the one recorded
        }
        IdDocument d = document.get();
        Locale console = context.localeProperty().get();
        consentLocale.set(d == null ? console
                : com.payband.console.ui.ReceiptDesk.languageOf(d.documentType(), console));
    }

    private void loadConsent() {
        consent = ConsentText.current(consentLocale.get());
        consentText.set(consent.text());
        consentGiven.set(false);
    }

    /** The version of the consent text on screen, recorded with the consent. */
    public String consentVersion() {
        return consent.version();
    }

    // ---------------------------------------------------------------- navigation

    public boolean canGoNext() {
        return switch (step.get()) {
            case READ_DOCUMENT -> documentAccepted.get() && !busy.get();
            case CONSENT -> consentGiven.get() && !busy.get();
            case PHONE -> phone.get() != null && !busy.get();
            case FIND_BAND -> chosenSerial().isPresent() && !busy.get();
            case BIND -> enrolled != null;
            case VERIFY -> paymentVerified.get();
            case DONE -> false;
        };
    }

    public void next() {
        if (!canGoNext()) {
            if (step.get() == Step.FIND_BAND && chosenSerial().isEmpty()) {
                problem.set(context.text("enroll.band.noneChosen"));
            }
            return;
        }
        problem.set("");
        switch (step.get()) {
            case READ_DOCUMENT -> step.set(Step.CONSENT);
            case CONSENT -> registerWithConsent();
            case PHONE -> step.set(Step.FIND_BAND);
            case FIND_BAND -> {
                stopScan();
                step.set(Step.BIND);
                bind();
            }
            case BIND -> step.set(Step.VERIFY);
            case VERIFY -> step.set(Step.DONE);
            default -> { }
        }
    }

    /** Back one step where that undoes nothing (not once a bind began). */
    public boolean canGoBack() {
        return !busy.get() && switch (step.get()) {
            case CONSENT, PHONE, FIND_BAND -> true;
            case BIND -> enrolled == null && refusal.get() != null && !queued.get();
            default -> false;
        };
    }

    public void back() {
        if (!canGoBack()) {
            return;
        }
        problem.set("");
        switch (step.get()) {
            case CONSENT -> step.set(Step.READ_DOCUMENT);
            case PHONE -> step.set(Step.CONSENT);
            case FIND_BAND -> {
                stopScan();
                step.set(Step.PHONE);
            }
            case BIND -> chooseAnotherBand();
            default -> { }
        }
    }

    private void registerWithConsent() {
        busy.set(true);
        IdDocument d = document.get();
        ConsentText text = consent;
        context.threads().run(() -> {
            ConsoleServices services = context.services();
            RegisteredCustomer registered = services.customers().register(context.session(), d, readerInfo);
            services.consent().record(context.session(), registered.customerId(), text);
            return registered;
        }, registered -> {
            busy.set(false);
            customer = registered;
            consentAt = context.clock().instant();
            step.set(Step.PHONE);
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    public RegisteredCustomer customer() {
        return customer;
    }

    // ---------------------------------------------------------------- 3 · the customer's phone

    /**
     * The code the customer's payment app shows, as the box-barcode scanner typed it (it ends with
     * Enter): checked by the service (a phone code, signed by its key, fresh, nobody else's phone).
     */
    public void acceptPhone() {
        String typed = phoneCode.get() == null ? "" : phoneCode.get().strip();
        if (typed.isEmpty() || busy.get() || customer == null) {
            return;
        }
        UUID customerId = customer.customerId();
        busy.set(true);
        problem.set("");
        phoneStatus.set("");
        context.threads().run(() -> context.services().enrollment().acceptPhone(context.session(), customerId, typed),
                accepted -> {
                    busy.set(false);
                    phone.set(accepted);
                    phoneStatus.set(context.text("enroll.phone.accepted", accepted.fingerprint().shortForm()));
                }, e -> {
                    busy.set(false);
                    problem.set(context.describe(e));
                });
    }

    /** In the simulator, the customer's simulated phone shows its code, and the scanner reads it. */
    public void simulatePhoneCode() {
        if (customer == null || busy.get()) {
            return;
        }
        UUID customerId = customer.customerId();
        busy.set(true);
        context.threads().run(() -> context.services().simulator().customerPhone(customerId).keyCode().text(), code -> {
            busy.set(false);
            phoneCode.set(code);
            acceptPhone();
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    public StringProperty phoneCode() {
        return phoneCode;
    }

    public StringProperty phoneStatus() {
        return phoneStatus;
    }

    public ObjectProperty<CustomerPhone> phone() {
        return phone;
    }

    // ---------------------------------------------------------------- 4 · the band

    /**
     * Scans while the band step is on screen (the view starts and stops it), in windows of 20 s, the list
     * live and strongest first.
     */
    public void startScan() {
        if (!scanWanted.compareAndSet(false, true)) {
            return;
        }
        scanning.set(true);
        scanOnce();
    }

    private void scanOnce() {
        if (!scanWanted.get()) {
            scanning.set(false);
            return;
        }
        var inspection = context.services().bandInspection();
        var staff = context.session();
        java.util.concurrent.atomic.AtomicBoolean showing = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong shownAt = new java.util.concurrent.atomic.AtomicLong(
                System.nanoTime() - LIVE_EVERY_NANOS);
        context.threads().run(() -> {
            List<BandAdvertisement> all = inspection.scan(staff, SCAN_WINDOW, live -> {
                long now = System.nanoTime();
                if (now - shownAt.get() < LIVE_EVERY_NANOS || !showing.compareAndSet(false, true)) {
                    return; // a newer snapshot comes with the next advertisement; the scan's end shows them all
                }
                shownAt.set(now);
                List<BandAdvertisement> strongest = shownOf(live, chosenForScan);
                var stolen = inspection.reportedStolen(staff, strongest);
                context.threads().ui(() -> {
                    try {
                        heard(strongest, stolen);
                    } finally {
                        showing.set(false);
                    }
                });
            });
            return new Heard(all, inspection.reportedStolen(staff, all));
        }, heard -> {
                    heard(heard.bands(), heard.stolen());
                    context.bandsHeard(heard.bands().stream().map(a -> a.serial().value()).toList());
                    scanOnce();
                }, e -> {
                    scanWanted.set(false);
                    scanning.set(false);
                    problem.set(context.describe(e));
                });
    }

    public void stopScan() {
        scanWanted.set(false);
        scanning.set(false);
    }

    private record Heard(List<BandAdvertisement> bands, java.util.Set<BandSerial> stolen) {
    }

    /** The bands the list shows: the strongest (the radio lists them strongest first), and the one chosen. */
    static List<BandAdvertisement> shownOf(List<BandAdvertisement> heard, BandRow chosenRow) {
        List<BandAdvertisement> shown = new java.util.ArrayList<>(heard.subList(0, Math.min(SHOWN_BANDS, heard.size())));
        if (chosenRow != null && shown.stream().noneMatch(a -> a.serial().equals(chosenRow.serial()))) {
            heard.stream().filter(a -> a.serial().equals(chosenRow.serial())).findFirst().ifPresent(shown::add);
        }
        return shown;
    }

    private void heard(List<BandAdvertisement> heard, java.util.Set<BandSerial> stolen) {
        List<BandAdvertisement> shown = shownOf(heard, chosen.get());
        List<BandRow> rows = keepOrder(bands, shown.stream().map(a -> BandRow.of(a, stolen)).toList());
        BandRow keep = chosen.get();
        bands.setAll(rows);
        if (keep != null) {
            bands.stream().filter(r -> r.serial().equals(keep.serial())).findFirst().ifPresent(chosen::set);
        }
    }

    /**
     * The serial typed, or scanned from the box label by a barcode scanner (which types it and presses
     * Enter): it picks the band out of the list.
     */
    public void serialEntered() {
        String typed = serialTyped.get().trim();
        if (typed.isEmpty()) {
            return;
        }
        Optional<BandSerial> serial = BandSerial.parse(typed);
        if (serial.isEmpty()) {
            problem.set(context.text("error.band.serial", typed));
            return;
        }
        problem.set("");
        Optional<BandRow> row = bands.stream().filter(r -> r.serial().equals(serial.get())).findFirst();
        chosen.set(row.orElse(new BandRow(serial.get(), null, null, 0, false)));
        if (row.isEmpty()) {
            problem.set(context.text("enroll.band.notHeardYet", serial.get().value()));
        }
    }

    /**
     * The list as it is shown after a scan: rows stay where they are (their signal and state brought up to date), so
     * that nothing moves under the clerk's pointer as signals change every second; bands no longer heard go, bands
     * heard for the first time are added at the end, nearest first. The clerk sorts by a column when they want to.
     */
    static List<BandRow> keepOrder(List<BandRow> shown, List<BandRow> heard) {
        java.util.Map<BandSerial, BandRow> fresh = new java.util.LinkedHashMap<>();
        heard.forEach(r -> fresh.put(r.serial(), r));
        List<BandRow> rows = new ArrayList<>(heard.size());
        for (BandRow old : shown) {
            BandRow now = fresh.remove(old.serial());
            if (now != null) {
                rows.add(now);
            }
        }
        List<BandRow> added = new ArrayList<>(fresh.values());
        added.sort(Comparator.comparingInt(BandRow::rssi).reversed());
        rows.addAll(added);
        return rows;
    }

    /**
     * A serial typed (or scanned) in full chooses its band as it is typed: "Bind this band" is ready without Enter, and
     * Enter then binds. A choice made by typing goes when the text stops being that serial.
     */
    private void serialTypedChanged(String typed) {
        Optional<BandSerial> serial = typed == null ? Optional.empty() : BandSerial.parse(typed.trim());
        if (serial.isPresent()) {
            if (chosen.get() == null || !chosen.get().serial().equals(serial.get())) {
                serialEntered();
            }
            typedChoice = serial.get();
        } else if (typedChoice != null) {
            if (chosen.get() != null && chosen.get().serial().equals(typedChoice)) {
                chosen.set(null);
                problem.set("");
            }
            typedChoice = null;
        }
    }

    /** Whether the band chosen is the one whose serial is typed in the field (Enter there binds it). */
    public boolean typedSerialChosen() {
        return typedChoice != null && chosen.get() != null && chosen.get().serial().equals(typedChoice);
    }

    public Optional<BandSerial> chosenSerial() {
        return Optional.ofNullable(chosen.get()).map(BandRow::serial);
    }

    // ---------------------------------------------------------------- 5 · bind

    public void bind() {
        Optional<BandSerial> serial = chosenSerial();
        if (serial.isEmpty() || busy.get()) {
            return;
        }
        refusal.set(null);
        stolen.set(false);
        problem.set("");
        lineStates.values().forEach(p -> p.set(LineState.WAITING));
        cancelRequested.set(false);
        cancellable.set(true);
        linkDropped = false;
        busy.set(true);
        bindStatus.set(context.text("enroll.bind.running", serial.get().value()));
        UUID customerId = customer.customerId();
        CustomerPhone customersPhone = phone.get();
        context.threads().run(() -> context.services().enrollment().enroll(context.session(), customerId, serial.get(),
                customersPhone, s -> {
                    if (cancelRequested.get() && beforeAnythingRecorded(s)) {
                        throw new CancellationException();
                    }
                    context.threads().ui(() -> stepped(s));
                }), this::bound, this::bindFailed);
    }

    private static boolean beforeAnythingRecorded(EnrollmentStep s) {
        return s == EnrollmentStep.FINDING_BAND || s == EnrollmentStep.ATTESTING || s == EnrollmentStep.CHECKING_BAND;
    }

    /** Cancels the bind if nothing is recorded yet; once the binding is pending, it is finished or rolled back. */
    public void cancelBind() {
        if (cancellable.get()) {
            cancelRequested.set(true);
            bindStatus.set(context.text("enroll.bind.cancelling"));
        }
    }

    private void stepped(EnrollmentStep s) {
        switch (s) {
            case FINDING_BAND, ATTESTING -> running(BindLine.ATTESTATION);
            case CHECKING_BAND -> {
                done(BindLine.ATTESTATION);
                running(BindLine.SESSION);
            }
            case SETTING_CLOCK -> bindStatus.set(context.text("enroll.step.SETTING_CLOCK"));
            case RECORDED_PENDING -> {
                cancellable.set(false);
                done(BindLine.SESSION);
                running(BindLine.BIND);
            }
            case RECONCILING -> {
                linkDropped = true;
                bindStatus.set(context.text("enroll.step.RECONCILING"));
            }
            case BAND_BOUND -> {
                done(BindLine.BIND);
                running(BindLine.LOCK);
            }
            case CONFIRMED -> done(BindLine.LOCK);
            default -> { }
        }
        if (s != EnrollmentStep.SETTING_CLOCK && s != EnrollmentStep.RECONCILING) {
            bindStatus.set(context.text("enroll.step." + s.name()));
        }
    }

    private void running(BindLine line) {
        lineStates.get(line).set(LineState.RUNNING);
    }

    private void done(BindLine line) {
        lineStates.get(line).set(LineState.DONE);
    }

    private void bound(Enrolled result) {
        busy.set(false);
        cancellable.set(false);
        enrolled = result;
        lineStates.values().forEach(p -> p.set(LineState.DONE));
        bindStatus.set(context.text(linkDropped ? "enroll.bind.doneAfterDrop" : "enroll.bind.done", result.serial().value()));
        step.set(Step.VERIFY);
    }

    private void bindFailed(Throwable e) {
        busy.set(false);
        cancellable.set(false);
        lineStates.values().stream().filter(p -> p.get() == LineState.RUNNING).forEach(p -> p.set(LineState.FAILED));
        if (e instanceof CancellationException) {
            bindStatus.set(context.text("enroll.bind.cancelled"));
            refusal.set(null);
            chooseAnotherBand();
            return;
        }
        bindStatus.set("");
        if (e instanceof EnrollmentException x) {
            refusal.set(x.reason());
            stolen.set(x.reason() == EnrollmentException.Reason.REPORTED_STOLEN);
            unresolvedBinding = x.reason() == EnrollmentException.Reason.UNRESOLVED ? x.bindingId().orElse(null) : null;
            problem.set(context.describe(e) + guidance(x.reason()));
        } else {
            refusal.set(EnrollmentException.Reason.PROTOCOL);
            problem.set(context.describe(e));
        }
    }

    private String guidance(EnrollmentException.Reason reason) {
        String key = "enroll.guidance." + reason.name();
        return context.messages().has(key) ? "\n" + context.text(key) : "";
    }

    /** Whether "try again" makes sense for the refusal on screen (a dropped link, an unreachable band). */
    public boolean canRetry() {
        EnrollmentException.Reason r = refusal.get();
        return r == EnrollmentException.Reason.ROLLED_BACK_LINK_LOST || r == EnrollmentException.Reason.BAND_NOT_FOUND
                || r == EnrollmentException.Reason.ISSUER_UNAVAILABLE || r == EnrollmentException.Reason.ISSUER_BUSY
                || r == EnrollmentException.Reason.PROTOCOL
                || r == EnrollmentException.Reason.UNRESOLVED || r == EnrollmentException.Reason.RADIO_UNAVAILABLE;
    }

    /** Tries again: a pending bind is first finished or rolled back with the band, then bound anew if needed. */
    public void retry() {
        if (unresolvedBinding == null) {
            bind();
            return;
        }
        UUID pending = unresolvedBinding;
        busy.set(true);
        bindStatus.set(context.text("enroll.step.RECONCILING"));
        context.threads().run(() -> {
            EnrollmentService enrollment = context.services().enrollment();
            return enrollment.reconcilePending(context.session()).stream().filter(r -> r.bindingId().equals(pending)).findFirst();
        }, outcome -> {
            busy.set(false);
            if (outcome.isEmpty() || !outcome.get().resolved()) {
                problem.set(context.text("error.enroll.UNRESOLVED", "", pending));
                return;
            }
            unresolvedBinding = null;
            if (outcome.get().outcome().orElseThrow() == com.payband.console.binding.BindingState.ACTIVE) {
                bound(new Enrolled(pending, customer.customerId(), chosenSerial().orElseThrow(), phone.get().fingerprint(),
                        false, context.simulated()));
            } else {
                bind();
            }
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    /**
     * The issuer cannot be reached: everything but the bind is done with the customer here, so the bind waits in the
     * queue (the band checked now) and is made when the backend answers again; the home screen shows the queue.
     */
    public void queueBind() {
        Optional<BandSerial> serial = chosenSerial();
        if (serial.isEmpty() || busy.get() || !queueAllowed().get()) {
            return;
        }
        UUID customerId = customer.customerId();
        CustomerPhone customersPhone = phone.get();
        busy.set(true);
        problem.set("");
        context.threads().run(() -> context.services().enrollmentQueue().queue(context.session(), customerId,
                serial.get(), customersPhone), entry -> {
                    busy.set(false);
                    refusal.set(null);
                    queued.set(true);
                    bindStatus.set(context.text("enroll.queue.queued", entry.bandSerial()));
                }, e -> {
                    busy.set(false);
                    if (e instanceof EnrollmentException x) {
                        refusal.set(x.reason());
                        problem.set(context.describe(e) + guidance(x.reason()));
                    } else {
                        problem.set(context.describe(e));
                    }
                });
    }

    /**
     * Whether the bind may be queued: only when the issuer could not be reached or there is none yet (this console
     * not registered), not when it refused.
     */
    public javafx.beans.binding.BooleanBinding queueAllowed() {
        return javafx.beans.binding.Bindings.createBooleanBinding(() -> !busy.get() && !queued.get()
                && (refusal.get() == EnrollmentException.Reason.ISSUER_UNAVAILABLE
                        || refusal.get() == EnrollmentException.Reason.CONSOLE_NOT_REGISTERED), refusal, busy, queued);
    }

    /** What queuing the bind waits for: the backend to answer, or this console to be registered with one. */
    public javafx.beans.binding.StringBinding queueButtonText() {
        return javafx.beans.binding.Bindings.createStringBinding(() -> context.text(
                refusal.get() == EnrollmentException.Reason.CONSOLE_NOT_REGISTERED ? "enroll.queue.buttonNotRegistered"
                        : "enroll.queue.button"), refusal);
    }

    public BooleanProperty queued() {
        return queued;
    }

    public void chooseAnotherBand() {
        refusal.set(null);
        stolen.set(false);
        chosen.set(null);
        serialTyped.set("");
        step.set(Step.FIND_BAND);
    }

    // ---------------------------------------------------------------- 6 · verify

    /**
     * In the simulator, the simulator plays the customer: puts the band on, unlocks it from their phone,
     * and shows the payment code the phone got from the band; the scanner reads it into the field.
     */
    public void simulateCustomer() {
        BandSerial serial = enrolled.serial();
        UUID customerId = customer.customerId();
        busy.set(true);
        problem.set("");
        context.threads().run(() -> context.services().simulator().customerShowsPaymentCode(customerId, serial).text(),
                code -> {
                    busy.set(false);
                    paymentCode.set(code);
                    customerReady.set(true);
                }, e -> {
                    busy.set(false);
                    problem.set(context.describe(e));
                });
    }

    /** Has the issuer check the payment code shown by the customer's phone (scanned into the field). */
    public void verifyPayment() {
        String scanned = paymentCode.get() == null ? "" : paymentCode.get().strip();
        if (scanned.isEmpty()) {
            problem.set(context.text("enroll.verify.scanFirst"));
            return;
        }
        busy.set(true);
        problem.set("");
        UUID bindingId = enrolled.bindingId();
        context.threads().run(() -> context.services().enrollment().verifyPayment(context.session(), bindingId, scanned,
                s -> { }), verdict -> {
                    busy.set(false);
                    paymentVerified.set(true);
                    step.set(Step.DONE);
                }, e -> {
                    busy.set(false);
                    problem.set(context.describe(e));
                });
    }

    public StringProperty paymentCode() {
        return paymentCode;
    }

    // ---------------------------------------------------------------- 7 · done

    public Enrolled enrolled() {
        return enrolled;
    }

    public Instant consentAcceptedAt() {
        return consentAt;
    }

    public ConsentText consent() {
        return consent;
    }

    /** The enrollment receipt with the signed consent, in the customer's language (the consent's). */
    public byte[] receipt() throws com.payband.console.receipt.ReceiptException {
        Locale language = consent.locale();
        Messages words = Messages.forWindow(language);
        com.payband.console.receipt.Receipt receipt = new com.payband.console.receipt.Receipt(
                com.payband.console.receipt.ReceiptKind.ENROLLMENT, context.clock().instant(), receipts.store(),
                context.session().username(), customer.match().maskedName(), customer.match().maskedDocumentNumber(),
                enrolled.serial().value(), enrolled.bindingId(),
                List.of(new com.payband.console.receipt.Receipt.Line(words.get("enroll.receipt.phone"),
                        enrolled.phone().shortForm()),
                        new com.payband.console.receipt.Receipt.Line(words.get("enroll.receipt.payment"),
                        words.get("enroll.receipt.paymentVerified"))),
                Optional.empty()).withConsent(consent, consentAt);
        return com.payband.console.receipt.ReceiptPdf.withSystemFonts().render(receipt, language);
    }

    public String receiptFileName() {
        return "payband-receipt-" + (enrolled == null ? "" : enrolled.serial().value()) + "-"
                + java.time.LocalDate.now(context.clock()) + ".pdf";
    }

    /** Writes the receipt to this file. */
    public void saveReceipt(java.nio.file.Path file) {
        receipts.save(this::receipt, file);
    }

    /** Prints the receipt on this computer's default printer, or says there is none. */
    public void printReceipt() {
        receipts.print(this::receipt, receiptFileName());
    }

    public StringProperty receiptNote() {
        return receiptNote;
    }

    /** Starts the next customer's enrollment from the first step. */
    public void enrollNext() {
        stopScan();
        readGeneration.incrementAndGet();
        step.set(Step.READ_DOCUMENT);
        problem.set("");
        busy.set(false);
        stolen.set(false);
        document.set(null);
        documentWarnings.clear();
        documentAccepted.set(false);
        readProgress.set(0);
        readStatus.set("");
        mrz.set("");
        consentLocale.set(context.localeProperty().get());
        loadConsent();
        customer = null;
        consentAt = null;
        phone.set(null);
        phoneCode.set("");
        phoneStatus.set("");
        bands.clear();
        chosen.set(null);
        serialTyped.set("");
        refusal.set(null);
        enrolled = null;
        queued.set(false);
        unresolvedBinding = null;
        lineStates.values().forEach(p -> p.set(LineState.WAITING));
        bindStatus.set("");
        customerReady.set(false);
        paymentCode.set("");
        paymentVerified.set(false);
        receiptNote.set("");
    }

    // ---------------------------------------------------------------- properties

    /** Whether Next may be pressed now (for the button). */
    public javafx.beans.binding.BooleanBinding nextAllowed() {
        return javafx.beans.binding.Bindings.createBooleanBinding(this::canGoNext, step, documentAccepted, consentGiven,
                phone, chosen, busy, paymentVerified);
    }

    public javafx.beans.binding.BooleanBinding backAllowed() {
        return javafx.beans.binding.Bindings.createBooleanBinding(this::canGoBack, step, busy, refusal, queued);
    }

    public javafx.beans.binding.BooleanBinding retryAllowed() {
        return javafx.beans.binding.Bindings.createBooleanBinding(() -> !busy.get() && canRetry(), refusal, busy);
    }

    public ObjectProperty<Step> step() {
        return step;
    }

    public StringProperty problem() {
        return problem;
    }

    public BooleanProperty busy() {
        return busy;
    }

    public BooleanProperty stolen() {
        return stolen;
    }

    public DoubleProperty readProgress() {
        return readProgress;
    }

    public StringProperty readStatus() {
        return readStatus;
    }

    public ObjectProperty<IdDocument> document() {
        return document;
    }

    public ObservableList<String> documentWarnings() {
        return documentWarnings;
    }

    public BooleanProperty documentAccepted() {
        return documentAccepted;
    }

    public ObjectProperty<Locale> consentLocale() {
        return consentLocale;
    }

    public StringProperty consentText() {
        return consentText;
    }

    public BooleanProperty consentGiven() {
        return consentGiven;
    }

    public ObservableList<BandRow> bands() {
        return bands;
    }

    public StringProperty serialTyped() {
        return serialTyped;
    }

    public ObjectProperty<BandRow> chosen() {
        return chosen;
    }

    public BooleanProperty scanning() {
        return scanning;
    }

    public ObservableList<BindLine> lines() {
        return lines;
    }

    public ObjectProperty<LineState> lineState(BindLine line) {
        return lineStates.get(line);
    }

    public StringProperty bindStatus() {
        return bindStatus;
    }

    public BooleanProperty cancellable() {
        return cancellable;
    }

    public ObjectProperty<EnrollmentException.Reason> refusal() {
        return refusal;
    }

    public BooleanProperty customerReady() {
        return customerReady;
    }

    public BooleanProperty paymentVerified() {
        return paymentVerified;
    }
}
