package com.payband.console.ui;

import com.payband.console.app.ConsoleLogging;
import com.payband.console.app.ConsoleServices;
import com.payband.console.app.FailureMessages;
import com.payband.console.crypto.KeyFile;
import com.payband.console.crypto.KeyVault;
import com.payband.console.crypto.SecretPrompt;
import com.payband.console.i18n.Messages;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.DataFolder;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import com.payband.drivers.idcard.sim.SimulatorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every screen shares: the store (started in the background while the sign-in form is already
 * on screen), who is signed in, the language, the devices, and where work runs.
 */
public final class ConsoleContext implements AutoCloseable {

    /** Looked up when first used, not when the class loads: logging starts beside the first frame, not before it. */
    private static Logger log() {
        return LoggerFactory.getLogger(ConsoleContext.class);
    }

    /** Where the store is in its start. */
    public enum StoreState {
        STARTING,
        /** No store in the data folder yet: the first administrator creates it. */
        FIRST_START,
        /** The store key is protected by a passphrase: the sign-in form asks for it. */
        NEEDS_PASSPHRASE,
        OPEN,
        FAILED
    }

    public enum Theme { LIGHT, DARK }

    private final DataFolder folder;
    private final ConsoleServices.Options options;
    private final UiThreads threads;
    private final Clock clock;
    private final ReadOnlyObjectWrapper<StoreState> storeState = new ReadOnlyObjectWrapper<>(StoreState.STARTING);
    private final ReadOnlyStringWrapper storeProblem = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Locale> locale;
    private final ObjectProperty<Theme> theme;
    private final ReadOnlyObjectWrapper<StaffSession> session = new ReadOnlyObjectWrapper<>();
    /** Set as the window closes the store: work still running in the background then shows nothing. */
    private volatile boolean closed;
    /** Counts the start-up reconciliations that decided a bind, so that the home screen reads its list again. */
    private final javafx.beans.property.IntegerProperty reconciledAtStart = new javafx.beans.property.SimpleIntegerProperty(0);
    private final javafx.beans.property.IntegerProperty queueFinished = new javafx.beans.property.SimpleIntegerProperty(0);
    private final javafx.beans.property.IntegerProperty syncsEnded = new javafx.beans.property.SimpleIntegerProperty(0);
    /** The store's idle-lock setting as the window applies it; Settings updates it when it is saved. */
    private final javafx.beans.property.IntegerProperty idleLockMinutes = new javafx.beans.property.SimpleIntegerProperty(
            Integer.parseInt(com.payband.console.settings.Setting.IDLE_LOCK_MINUTES.defaultValue()));
    private final CompletableFuture<ConsoleServices> ready = new CompletableFuture<>();
    private volatile ConsoleServices services;
    private final ReadOnlyObjectWrapper<IdCardReader> reader = new ReadOnlyObjectWrapper<>();
    private volatile IdCardReader current;
    private final ReadOnlyObjectWrapper<com.payband.drivers.idcard.ReaderState> readerState = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper readerStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper syncStatus = new ReadOnlyStringWrapper("");
    /** The band radio and, for Bluetooth, its driver's health: the status bar, the home screen and Settings. */
    private final ReadOnlyStringWrapper radioStatus = new ReadOnlyStringWrapper("");
    private volatile com.payband.console.bands.BandTransport radioChoice;
    private final javafx.beans.property.ReadOnlyBooleanWrapper bluetoothInUse = new javafx.beans.property.ReadOnlyBooleanWrapper(false);
    private volatile com.payband.console.sync.BackgroundSync backgroundSync;
    private volatile com.payband.console.sync.BackgroundSync.Outcome lastSync;
    private volatile ReaderChoice readerChoice = ReaderChoice.SIMULATOR;
    private IdCardReader.Subscription readerEvents;
    private com.payband.drivers.idcard.serial.DeviceWatcher watcher;
    private volatile java.util.List<String> serialGlobs;
    private com.payband.drivers.idcard.pcsc.PcscReaders pcsc;
    private Messages messages;
    private volatile boolean ownsLogging;
    private volatile com.payband.console.receipt.ReceiptPrinter receiptPrinter =
            com.payband.console.receipt.ReceiptPrinter.system();
    private boolean logging;

    /** @param explicitLocale the language asked for on the command line, or null for the saved or the system one */
    public ConsoleContext(DataFolder folder, ConsoleServices.Options options, UiThreads threads, Locale explicitLocale) {
        this.folder = folder;
        this.options = options;
        this.threads = threads;
        this.clock = options.clock();
        Properties window = readWindowPreferences();
        Locale preferred = window.containsKey("language") ? Messages.parse(window.getProperty("language"))
                : Locale.getDefault();
        this.locale = new SimpleObjectProperty<>(Messages.supported(explicitLocale != null ? explicitLocale : preferred));
        this.theme = new SimpleObjectProperty<>("DARK".equals(window.getProperty("theme")) ? Theme.DARK : Theme.LIGHT);
        this.messages = Messages.forWindow(locale.get());
        locale.addListener((o, a, b) -> {
            messages = Messages.forWindow(b);
            saveWindowPreferences();
            IdCardReader r = current;
            if (r != null) {
                showReader(r); // the live status line, in the new language
            }
            showSync();
        });
        theme.addListener((o, a, b) -> saveWindowPreferences());
    }

    /** Where receipts are printed: this computer's default printer unless told otherwise. */
    public com.payband.console.receipt.ReceiptPrinter receiptPrinter() {
        return receiptPrinter;
    }

    public void useReceiptPrinter(com.payband.console.receipt.ReceiptPrinter printer) {
        this.receiptPrinter = java.util.Objects.requireNonNull(printer);
    }

    /** Decides what the store needs and, when nobody has to type anything, opens it in the background. */
    public void boot() {
        if (services != null) {
            return; // adopted already open
        }
        // the password hash's code compiled beside the store's start (its first run in a JVM takes ~5x its
        // fourth), so that the first sign-in does not wait for the JIT
        threads.background(() -> {
            for (int i = 0; i < 3; i++) {
                options.passwordCost().derive(new char[] {'w', 'a', 'r', 'm'}, new byte[16], 32);
            }
        });
        threads.background(() -> {
            try {
                logToFolder();
                if (!folder.initialised()) {
                    threads.ui(() -> storeState.set(StoreState.FIRST_START));
                } else if (KeyFile.PASSPHRASE.equals(KeyVault.protectionOf(folder.path()))) {
                    threads.ui(() -> storeState.set(StoreState.NEEDS_PASSPHRASE));
                } else {
                    opened(ConsoleServices.open(folder, kind -> null, options));
                }
            } catch (Exception e) {
                failed(e);
            }
        });
    }

    /** Opens a passphrase-protected store (called in the background by the sign-in form). */
    /**
     * Opens the passphrase-protected store for an administrator who signs in with it (after a start): anyone else is
     * refused and the store stays closed. Everyone then signs in with their own password only.
     */
    public StaffSession unlock(char[] passphrase, String user, char[] password) throws Exception {
        ConsoleServices services;
        try {
            SecretPrompt prompt = kind -> kind == SecretPrompt.Kind.STORE_PASSPHRASE ? passphrase.clone() : null;
            services = ConsoleServices.open(folder, prompt, options);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        try {
            StaffSession staff = services.staff().signIn(user, password);
            services.unlockedBy(staff);
            opened(services);
            return staff;
        } catch (Exception | Error e) {
            services.close();
            throw e;
        }
    }

    /** Creates the store with its first administrator (in the background, from the first-start form). */
    public ConsoleServices initialise(String admin, char[] password, KeyVault.Protection protection, char[] passphrase)
            throws Exception {
        try {
            SecretPrompt prompt = kind -> passphrase == null ? null : passphrase.clone();
            return opened(ConsoleServices.initialise(folder, protection, prompt, admin, password, options));
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    /** Takes over a store that is already open (tests, and the start-up benchmark's warm path). */
    public void adopt(ConsoleServices open) {
        opened(open);
    }

    /**
     * The window owns the process's logging (not so in tests, which keep theirs): the log file in the data
     * folder is then set up with the store, on its worker, after the first frame (nothing logs before it).
     */
    public void logToDataFolder() {
        ownsLogging = true;
    }

    /** Sets the log file up once the folder has one (after the first start, from then on). */
    private synchronized void logToFolder() {
        if (ownsLogging && !logging && Files.isDirectory(folder.logs())) {
            logging = true;
            ConsoleLogging.toFolder(folder);
        }
    }

    private ConsoleServices opened(ConsoleServices s) {
        logToFolder();
        services = s;
        startSync(s);
        s.bluetooth().onChange(state -> threads.ui(() -> showRadio(state)));
        threads.ui(() -> showRadio(s.bluetooth().state()));
        com.payband.console.bands.BandTransport chosen = radioChoice();
        if (chosen.kind() != com.payband.console.bands.BandTransport.Kind.SIM) {
            // the radio this workstation chose last time, its Bluetooth driver started while staff sign in
            threads.background(() -> {
                try {
                    s.useBandTransport(chosen);
                    s.warmUpRadio();
                } catch (IOException | RuntimeException e) {
                    log().warn("band radio {} not prepared, the simulator is used: {}", chosen.text(), e.toString());
                }
            });
        }
        ready.complete(s);
        threads.ui(() -> storeState.set(StoreState.OPEN));
        // warm sign-in's path while the form is being filled in (measured: the first sign-in 2.4 s -> 0.8 s)
        threads.background(() -> {
            try {
                s.staff().warmUp();
            } catch (RuntimeException e) {
                log().debug("warm-up: {}", e.toString());
            }
            // resets a stop left under way: the bands heard now settle them (audited in their member's name)
            try {
                s.support().settleInterruptedResets().stream().filter(r -> r.settled())
                        .forEach(r -> log().info("interrupted reset of {} settled: {}", r.serial(),
                                r.reset().orElseThrow() ? "done" : "not done"));
            } catch (RuntimeException e) {
                log().warn("interrupted resets not settled: {}", e.toString());
            }
            // and phone changes: the band says which phone it obeys (recorded in the name of who began the change)
            try {
                s.support().settleInterruptedPhoneChanges().stream().filter(p -> p.settled())
                        .forEach(p -> log().info("interrupted phone change of {} settled", p.serial()));
            } catch (RuntimeException e) {
                log().warn("interrupted phone changes not settled: {}", e.toString());
            }
        });
        return s;
    }

    private void failed(Exception e) {
        log().warn("the store did not open: {}", e.toString());
        String text = FailureMessages.describe(e, messages);
        ready.completeExceptionally(e);
        threads.ui(() -> {
            storeProblem.set(text);
            storeState.set(StoreState.FAILED);
        });
    }

    /**
     * The outbox's way to the backend while the window is open: in the background, at once after every change
     * of a binding, backing off while the backend cannot be reached; the status bar follows it.
     */
    private void startSync(ConsoleServices s) {
        com.payband.console.sync.BackgroundSync sync = new com.payband.console.sync.BackgroundSync(s.sync(),
                s.backend(), com.payband.console.sync.Backoff.defaults(), outcome -> {
                    lastSync = outcome;
                    threads.ui(() -> {
                        syncsEnded.set(syncsEnded.get() + 1);
                        showSync();
                    });
                });
        backgroundSync = sync;
        // binds a crash left unfinished are decided by the console itself once the issuer can be asked
        java.time.Instant started = s.options().clock().instant();
        startedAt = started;
        sync.afterFirstSync(() -> {
            var results = s.enrollment().reconcileAtStart(started);
            if (results.stream().anyMatch(com.payband.console.enrollment.EnrollmentService.Reconciliation::resolved)) {
                threads.ui(() -> reconciledAtStart.set(reconciledAtStart.get() + 1));
            }
        });
        // enrollments queued while the backend was down are bound once it answers, by whoever may enroll here
        sync.afterEachSync(() -> finishQueue(s));
        s.lifecycle().addListener((binding, state) -> sync.pushSoon());
        showSync();
        sync.start();
    }

    private final java.util.concurrent.atomic.AtomicBoolean queueRound = new java.util.concurrent.atomic.AtomicBoolean();
    /** The window is locked: its member is away, so nothing is done in their name until they sign in again. */
    private volatile boolean locked;

    public void setLocked(boolean locked) {
        this.locked = locked;
    }

    /**
     * Binds what waits in the queue, on a thread of its own: a long round (bands out of range take seconds each) must
     * not hold up the sync, whose lost and stolen reports leave first. One round at a time; none while the window is
     * locked (the member is away: binds are not made in their name behind the lock).
     */
    private void finishQueue(ConsoleServices s) {
        StaffSession who = session.get();
        if (closed || locked || who == null || !who.may(com.payband.console.staff.Action.ENROLL_BAND)
                || s.enrollmentQueue().waitingCount() == 0 || !queueRound.compareAndSet(false, true)) {
            return;
        }
        threads.background(() -> {
            try {
                var round = s.enrollmentQueue().finish(who, entry -> { });
                if (round.bound() + round.failed() > 0) {
                    threads.ui(() -> queueFinished.set(queueFinished.get() + 1));
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    log().warn("the enrollment queue's round failed", e);
                }
            } finally {
                queueRound.set(false);
            }
        });
    }

    /** Changes after every background sync, successful or not (the status text may read the same). */
    public javafx.beans.value.ObservableIntegerValue syncsEnded() {
        return syncsEnded;
    }

    /** Changes when queued enrollments were bound (or refused) by the window's own round after a sync. */
    public javafx.beans.value.ObservableIntegerValue queueFinished() {
        return queueFinished;
    }

    private volatile java.time.Instant startedAt;
    private final java.util.concurrent.atomic.AtomicBoolean settlingHeard = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * A scan heard these bands: a bind a crash left unfinished before this start, whose band only could decide it, is
     * decided now (in the background, one round at a time, as the system).
     */
    public void bandsHeard(java.util.Collection<String> serials) {
        ConsoleServices s = services;
        java.time.Instant started = startedAt;
        if (s == null || closed || started == null || serials.isEmpty() || !settlingHeard.compareAndSet(false, true)) {
            return;
        }
        threads.background(() -> {
            try {
                if (!closed && s.enrollment().reconcileHeard(serials, started).stream()
                        .anyMatch(com.payband.console.enrollment.EnrollmentService.Reconciliation::resolved)) {
                    threads.ui(() -> reconciledAtStart.set(reconciledAtStart.get() + 1));
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    log().warn("binds whose band was heard could not be settled", e);
                }
            } finally {
                settlingHeard.set(false);
            }
        });
    }

    /** Changes when the console itself has decided unfinished binds (after its first sync, or when a band was heard). */
    public javafx.beans.value.ObservableIntegerValue reconciledAtStart() {
        return reconciledAtStart;
    }

    /** Pushes the outbox now (the status bar's "Sync now"). */
    public void syncNow() {
        com.payband.console.sync.BackgroundSync sync = backgroundSync;
        if (sync != null) {
            sync.pushSoon();
        }
    }

    /** The backend at a glance, for the status bar and the home screen. */
    public ReadOnlyStringProperty syncStatus() {
        return syncStatus.getReadOnlyProperty();
    }

    private static String shortReason(com.payband.console.sync.BackendException.Reason reason) {
        return switch (reason) {
            case UNREACHABLE, TLS_FAILED, CONSOLE_REVOKED, UNKNOWN_CONSOLE, AUDIT_ROLLBACK, LIST_NOT_PROVEN -> reason.name();
            default -> "REFUSED"; // the others come from registration, not from a push
        };
    }

    /** Reads the sync's state off the FX thread, then shows it. */
    private void showSync() {
        ConsoleServices s = services;
        if (s == null) {
            return;
        }
        threads.background(() -> {
            try {
                if (!closed) {
                    readAndShowSync(s);
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    throw e;
                } // else the window closed the store meanwhile (a closed pool, a query cut short): nothing to show
            }
        });
    }

    private void readAndShowSync(ConsoleServices s) {
        boolean registered = s.backend().available(); // the demo backend: registered with at its first sync
        com.payband.console.sync.BackgroundSync.Outcome o = lastSync;
        StaffSession who = session.get();
        // a list of stolen bands too old to refuse recent thefts offline is said next to the sync's state, with its
        // age; while the backend fails, when it last answered
        var status = registered && who != null && o != null ? s.sync().status(who) : null;
        long waiting = status == null ? s.outbox().pendingCount() : status.queued();
        String list = status == null || !status.revocationListStale() ? ""
                : " · " + status.revocationListSignedAt().map(at -> text("status.sync.listStale",
                        java.time.Duration.between(at, clock.instant()).toHours())).orElse(text("status.sync.noList"));
        String lastSuccess = status == null ? "" : status.lastSuccess().map(at -> java.time.format.DateTimeFormatter
                .ofLocalizedDateTime(java.time.format.FormatStyle.SHORT).withLocale(localeProperty().get())
                .withZone(java.time.ZoneId.systemDefault()).format(at)).orElse(text("status.sync.never"));
        // a lost or stolen report made here is in force here at once, elsewhere only once the backend has it
        long blocks = status == null ? s.outbox().urgentPendingCount() : status.blocksWaiting();
        String blocking = blocks > 0 ? " · " + text("status.sync.blocksWaiting", blocks) : "";
        // changes of bands bound under an earlier registration stay here: said, since no sync will send them
        long kept = status == null ? s.outbox().elsewhereCount() : status.keptElsewhere();
        String keptHere = kept > 0 ? " · " + text("status.sync.keptElsewhere", kept) : "";
        threads.ui(() -> syncStatus.set((!registered ? text("status.sync.notRegistered")
                : o == null ? text("status.sync.starting", waiting)
                : o.failure() == null ? text("status.sync.ok", java.time.LocalTime.now(
                        clock.withZone(java.time.ZoneId.systemDefault())).truncatedTo(
                                java.time.temporal.ChronoUnit.SECONDS), waiting)
                : text("status.sync.failed", text("status.sync.reason." + shortReason(o.failure().reason())),
                        waiting, Math.max(1, o.nextIn().toSeconds()), lastSuccess)) + blocking + keptHere + list));
    }

    /** The open store; only valid once {@link #storeState()} is OPEN. */
    public ConsoleServices services() {
        ConsoleServices s = services;
        if (s == null) {
            throw new IllegalStateException("the store is not open");
        }
        return s;
    }

    public CompletableFuture<ConsoleServices> whenReady() {
        return ready;
    }

    /**
     * The ID-card reader in use on this workstation: the simulator, or a GA/T 467 serial reader chosen in
     * Settings (kept in the window preferences, since a reader belongs to the computer it is plugged into).
     */
    public IdCardReader reader() {
        IdCardReader r = current;
        if (r == null) {
            synchronized (this) {
                if (current == null) {
                    ReaderChoice choice = ReaderChoice.parse(readWindowPreferences().getProperty("reader", ""));
                    IdCardReader opened;
                    try {
                        opened = open(choice);
                    } catch (RuntimeException e) {
                        log().warn("reader {} not opened, the simulator is used: {}", choice, e.toString());
                        opened = open(ReaderChoice.SIMULATOR);
                    }
                    follow(opened);
                }
                r = current;
            }
        }
        return r;
    }

    /** The simulated reader when it is the one in use (its card tray is shown), else empty. */
    public java.util.Optional<SimulatedIdCardReader> simulatedReader() {
        return reader() instanceof SimulatedIdCardReader sim ? java.util.Optional.of(sim) : java.util.Optional.empty();
    }

    /** Uses another reader from now on (closing the previous one) and remembers the choice. */
    public void useReader(ReaderChoice choice) {
        IdCardReader opened = open(choice);
        IdCardReader previous;
        synchronized (this) {
            previous = current;
            follow(opened);
        }
        if (previous != null && previous != opened) {
            previous.close();
        }
        readerChoice = choice;
        threads.ui(this::saveWindowPreferences);
    }

    /** The band radio chosen on this workstation (kept in the window preferences: a dongle belongs to its computer). */
    public com.payband.console.bands.BandTransport radioChoice() {
        com.payband.console.bands.BandTransport r = radioChoice;
        if (r == null) {
            r = com.payband.console.bands.BandTransport.parse(readWindowPreferences().getProperty("radio", "sim"));
            radioChoice = r;
        }
        return r;
    }

    /** Reaches bands through this radio from now on, and remembers the choice. Not on the FX thread. */
    public void useBandTransport(com.payband.console.bands.BandTransport chosen) throws IOException {
        ConsoleServices s = services();
        s.useBandTransport(chosen);
        radioChoice = chosen;
        threads.ui(this::saveWindowPreferences);
        // its driver starts now, not at the first scan: its health (or why it cannot start) shows in Settings at once
        threads.background(s::warmUpRadio);
    }

    public ReadOnlyStringProperty radioStatus() {
        return radioStatus.getReadOnlyProperty();
    }

    /** Whether bands are reached over Bluetooth (the status bar then shows the driver's health). */
    public javafx.beans.property.ReadOnlyBooleanProperty bluetoothInUse() {
        return bluetoothInUse.getReadOnlyProperty();
    }

    private void showRadio(com.payband.console.bands.BluetoothStatus.State state) {
        radioStatus.set(radioText(state));
        bluetoothInUse.set(state.transport().kind() != com.payband.console.bands.BandTransport.Kind.SIM);
    }

    /** The radio in words: which one, and for Bluetooth whether its driver runs, restarted, or cannot start and why. */
    public String radioText(com.payband.console.bands.BluetoothStatus.State state) {
        var transport = state.transport();
        String radio = switch (transport.kind()) {
            case SIM -> text("radio.sim");
            case TINYB -> text("radio.tinyb", transport.adapter().orElse(text("radio.firstAdapter")));
            case TINYB_STAND_IN -> text("radio.standIn");
        };
        if (state.health().isEmpty()) {
            return radio;
        }
        var health = state.health().get();
        return switch (health.event()) {
            case STARTED -> text("radio.driver.started", radio, health.adapter().orElse(""));
            case RESTARTED -> text("radio.driver.restarted", radio, state.restarts());
            case STOPPED -> text("radio.driver.stopped", radio);
            case UNAVAILABLE -> {
                String reason = health.reason().orElse("");
                String why = messages.has("radio.unavailable." + reason) ? text("radio.unavailable." + reason)
                        : health.detail();
                yield text("radio.driver.unavailable", radio, why);
            }
        };
    }

    public ReaderChoice readerChoice() {
        reader();
        return readerChoice;
    }

    private IdCardReader open(ReaderChoice choice) {
        readerChoice = choice;
        if (choice.pcsc()) {
            return pcsc().open(com.payband.drivers.idcard.pcsc.PcscReaderStatus.ID_PREFIX + choice.pcscName());
        }
        if (choice.serial()) {
            return com.payband.drivers.idcard.serial.SerialIdCardReader.open(choice.path(), choice.baud(),
                    com.payband.drivers.idcard.serial.SerialReaderSettings.defaults(), deviceWatcher());
        }
        return new SimulatedIdCardReader(options.link().latencyScale() == 0
                ? SimulatorSettings.instant(clock) : SimulatorSettings.realistic(clock));
    }

    /** Follows the reader's events: the live status every screen shows comes from here. */
    private void follow(IdCardReader r) {
        if (readerEvents != null) {
            readerEvents.close();
        }
        current = r;
        readerEvents = r.subscribe(e -> threads.ui(() -> showReader(r)));
        threads.ui(() -> {
            reader.set(r);
            showReader(r);
        });
    }

    private void showReader(IdCardReader r) {
        if (r != current) {
            return;
        }
        com.payband.drivers.idcard.ReaderState state = r.state();
        readerState.set(state);
        readerStatus.set(text("status.reader", r.info().displayName(), text("readerState." + state.name())));
    }

    /** Watches the serial device paths (USB readers plugged in and out), started on first use. */
    public synchronized com.payband.drivers.idcard.serial.DeviceWatcher deviceWatcher() {
        if (watcher == null) {
            watcher = com.payband.drivers.idcard.serial.DeviceWatcher.ofGlobs(serialGlobs(),
                    com.payband.drivers.idcard.serial.DeviceWatcher.DEFAULT_INTERVAL).start();
        }
        return watcher;
    }

    /**
     * The PC/SC readers (passports, ICAO identity cards), watched from first use; chips are checked
     * against the CSCA certificates and master lists in {@code <data folder>/csca}.
     */
    public synchronized com.payband.drivers.idcard.pcsc.PcscReaders pcsc() {
        if (pcsc == null) {
            com.payband.drivers.idcard.pcsc.CscaTrustList trust;
            try {
                trust = com.payband.drivers.idcard.pcsc.CscaTrustList.load(cscaFolder());
            } catch (IOException e) {
                log().warn("CSCA folder {} not read: {}; chips are not checked", cscaFolder(), e.getMessage());
                trust = com.payband.drivers.idcard.pcsc.CscaTrustList.empty();
            }
            pcsc = com.payband.drivers.idcard.pcsc.PcscReaders.start(trust, clock);
        }
        return pcsc;
    }

    public java.nio.file.Path cscaFolder() {
        return folder.path().resolve("csca");
    }

    /** Where serial readers are looked for: the driver's defaults, or PAYBAND_SERIAL_PORTS (comma-separated globs). */
    public java.util.List<String> serialGlobs() {
        java.util.List<String> set = serialGlobs;
        if (set != null) {
            return set;
        }
        String configured = System.getenv("PAYBAND_SERIAL_PORTS");
        return configured == null || configured.isBlank() ? com.payband.drivers.idcard.serial.DeviceSource.DEFAULT_GLOBS
                : java.util.Arrays.stream(configured.split(",")).map(String::trim).filter(g -> !g.isEmpty()).toList();
    }

    /** Looks for serial readers here instead (before the first use of the watcher). */
    public void setSerialGlobs(java.util.List<String> globs) {
        this.serialGlobs = java.util.List.copyOf(globs);
    }

    public ReadOnlyObjectProperty<IdCardReader> readerProperty() {
        reader();
        return reader;
    }

    /** "Reader: name, state", live. */
    public ReadOnlyStringProperty readerStatus() {
        reader();
        return readerStatus.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<com.payband.drivers.idcard.ReaderState> readerState() {
        reader();
        return readerState.getReadOnlyProperty();
    }

    public void signedIn(StaffSession staff) {
        session.set(staff);
    }

    public void signOut() {
        session.set(null);
    }

    public ReadOnlyObjectProperty<StaffSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public StaffSession session() {
        StaffSession s = session.get();
        if (s == null) {
            throw new IllegalStateException("nobody is signed in");
        }
        return s;
    }

    public ReadOnlyObjectProperty<StoreState> storeState() {
        return storeState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty storeProblem() {
        return storeProblem.getReadOnlyProperty();
    }

    public javafx.beans.property.IntegerProperty idleLockMinutes() {
        return idleLockMinutes;
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public Messages messages() {
        return messages;
    }

    /** Whether this computer's keyring (the Secret Service) answers now: asked off the FX thread, it may take a while. */
    public boolean keyringReachable() {
        return options.credentialStore().available();
    }

    /** Shorthand for {@code messages().get(key, args)}. */
    public String text(String key, Object... args) {
        return messages.get(key, args);
    }

    /** A failure in the user's words. */
    public String describe(Throwable failure) {
        if (closed) {
            // work that was under way when the window closed its store (a band scan, a status read): nobody sees it
            log().debug("after the window closed: {}", failure.toString());
        } else if (FailureMessages.known(failure, messages).isEmpty()) {
            // a bug: what the message sends support to is the log, with the whole trace
            log().error("unexpected failure", failure);
        }
        return FailureMessages.describe(failure, messages);
    }

    public UiThreads threads() {
        return threads;
    }

    public Clock clock() {
        return clock;
    }

    public DataFolder folder() {
        return folder;
    }

    /** Every device and the issuer are simulated for now: the window says so at all times. */
    public boolean simulated() {
        return true;
    }

    private Path windowPreferences() {
        return folder.path().resolve("window.properties");
    }

    private Properties readWindowPreferences() {
        Properties p = new Properties();
        if (Files.exists(windowPreferences())) {
            try (InputStream in = Files.newInputStream(windowPreferences())) {
                p.load(in);
            } catch (IOException e) {
                log().info("window preferences not read: {}", e.getMessage());
            }
        }
        return p;
    }

    /**
     * Language, theme, reader and radio of this workstation (no personal data), beside the store. On the FX thread,
     * whose properties it reads: one writer, so the file is never written by two threads at once.
     */
    private void saveWindowPreferences() {
        if (!Files.isDirectory(folder.path())) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("language", locale.get().toLanguageTag());
        p.setProperty("theme", theme.get().name());
        p.setProperty("reader", readerChoice.toString());
        p.setProperty("radio", radioChoice().text());
        try (OutputStream out = Files.newOutputStream(windowPreferences())) {
            p.store(out, "PayBand Console window preferences");
        } catch (IOException e) {
            log().info("window preferences not saved: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        com.payband.console.sync.BackgroundSync sync = backgroundSync;
        if (sync != null) {
            sync.close();
        }
        IdCardReader r = current;
        if (r != null) {
            r.close();
        }
        synchronized (this) {
            if (watcher != null) {
                watcher.close();
            }
            if (pcsc != null) {
                pcsc.close();
            }
        }
        closed = true;
        ConsoleServices s = services;
        if (s != null) {
            s.close();
        }
    }
}
