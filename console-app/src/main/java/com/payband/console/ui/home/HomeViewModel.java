package com.payband.console.ui.home;

import com.payband.console.binding.Binding;
import com.payband.console.enrollment.EnrollmentQueue;
import com.payband.console.enrollment.EnrollmentService;
import com.payband.console.enrollment.QueuedEnrollment;
import com.payband.console.staff.Action;
import com.payband.console.ui.ConsoleContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The home screen: the devices' status, today's enrollments, and what needs attention (unfinished binds). */
public final class HomeViewModel {

    private final ConsoleContext context;
    private final StringProperty readerStatus = new SimpleStringProperty("");
    private final StringProperty radioStatus = new SimpleStringProperty("");
    private final StringProperty backendStatus = new SimpleStringProperty("");
    private final LongProperty todaysEnrollments = new SimpleLongProperty(0);
    private final ObservableList<Binding> pending = FXCollections.observableArrayList();
    private final ObservableList<QueuedEnrollment> queue = FXCollections.observableArrayList();
    private final StringProperty queueNote = new SimpleStringProperty("");
    private final StringProperty roundNote = new SimpleStringProperty("");
    private final StringProperty attentionNote = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty recoveryReminder = new SimpleStringProperty("");
    private boolean recoveryPutOff;
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    /** How long an enrollment the issuer or the band refused after it was queued stays listed. */
    static final int REFUSED_SHOWN_DAYS = 7;

    public HomeViewModel(ConsoleContext context) {
        this.context = context;
        readerStatus.bind(context.readerStatus()); // live: the context follows whichever reader is in use
        backendStatus.bind(context.syncStatus());
        radioStatus.bind(context.radioStatus()); // live: the Bluetooth driver's health as it changes
        context.reconciledAtStart().addListener(new javafx.beans.value.WeakChangeListener<>(startReconciled));
        context.queueFinished().addListener(new javafx.beans.value.WeakChangeListener<>(startReconciled));
    }

    /** Held here: the context only keeps weak references to it, so that a closed screen's model can go. */
    private final javafx.beans.value.ChangeListener<Number> startReconciled = (o, before, now) -> refresh();

    /** Reads everything again (on showing the screen, and after finishing binds). */
    public void refresh() {
        ZoneId zone = ZoneId.systemDefault();
        var startOfDay = LocalDate.now(context.clock().withZone(zone)).atStartOfDay(zone).toInstant();
        context.threads().run(() -> new Object[] {context.services().lifecycle().enrollmentsSince(startOfDay),
                context.services().lifecycle().pendingBindings()}, loaded -> {
                    todaysEnrollments.set((Long) loaded[0]);
                    @SuppressWarnings("unchecked")
                    List<Binding> found = (List<Binding>) loaded[1];
                    pending.setAll(found);
                    attentionNote.set(found.isEmpty() ? context.text("home.attention.none")
                            : context.text("home.attention.pending", found.size()));
                }, e -> problem.set(context.describe(e)));
        if (mayReconcile()) {
            readQueue();
        }
        remindOfKeyRecovery();
    }

    /**
     * An administrator is reminded, until it is made, of the key-recovery file that security.md says to make right
     * after set-up ("Later" puts it off until the next sign-in).
     */
    private void remindOfKeyRecovery() {
        var staff = context.session();
        if (staff == null || !staff.may(com.payband.console.staff.Action.MANAGE_KEYS) || recoveryPutOff) {
            return;
        }
        context.threads().run(() -> new com.payband.console.app.StoreAdministration(context.services())
                .keyRecoveryExportedAt(staff), at -> recoveryReminder.set(at.isPresent() || recoveryPutOff ? ""
                        : context.text("home.recovery.reminder")), e -> problem.set(context.describe(e)));
    }

    public void putOffKeyRecovery() {
        recoveryPutOff = true;
        recoveryReminder.set("");
    }

    public StringProperty recoveryReminder() {
        return recoveryReminder;
    }

    private void readQueue() {
        var since = context.clock().instant().minus(java.time.Duration.ofDays(REFUSED_SHOWN_DAYS));
        context.threads().run(() -> {
            var queue = context.services().enrollmentQueue();
            List<QueuedEnrollment> shown = new java.util.ArrayList<>(queue.waiting());
            int waiting = shown.size();
            // refused after the customer left: listed until someone clears them, so that the customer is called
            queue.endedSince(since).stream().filter(q -> q.state() == QueuedEnrollment.State.FAILED).forEach(shown::add);
            int refused = shown.size() - waiting;
            // bound after the customer left: listed until someone sees the band pay (the customer back at the counter)
            shown.addAll(queue.boundAwaitingPaymentCheck(since));
            return new Object[] {shown, waiting, refused};
        }, loaded -> {
            @SuppressWarnings("unchecked")
            List<QueuedEnrollment> shown = (List<QueuedEnrollment>) loaded[0];
            int waiting = (Integer) loaded[1];
            int refused = (Integer) loaded[2];
            long due = shown.size() - waiting - refused;
            queue.setAll(shown);
            StringBuilder note = new StringBuilder(waiting == 0 ? "" : context.text("home.queue.waiting", waiting));
            if (refused > 0) {
                note.append(' ').append(context.text("home.queue.refused", refused));
            }
            if (due > 0) {
                note.append(' ').append(context.text("home.queue.paymentDue", due));
            }
            queueNote.set(note.toString().strip());
        }, e -> problem.set(context.describe(e)));
    }

    /** Binds the queued enrollments now (the window also does it by itself after each sync), and says how it went. */
    public void finishQueue() {
        if (!mayReconcile() || busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        context.threads().run(() -> new Finished(context.services().enrollmentQueue().finish(context.session(),
                        entry -> { }), context.services().issuer().available()),
                done -> {
                    busy.set(false);
                    roundNote.set(round(done));
                    refresh();
                }, e -> {
                    busy.set(false);
                    problem.set(context.describe(e));
                });
    }

    /** A round of the queue, and whether there is an issuer at all (a console registered with no backend has none). */
    private record Finished(EnrollmentQueue.Round round, boolean issuer) {
    }

    private String round(Finished done) {
        EnrollmentQueue.Round round = done.round();
        String said = context.text("home.queue.round", round.bound(), round.failed(), round.stillWaiting());
        return !round.issuerUnavailable() ? said : said + " " + context.text(done.issuer() ? "home.queue.issuerAway"
                : "home.queue.notRegistered");
    }

    /** Takes the chosen enrollment out of the queue (audited). */
    public void removeQueued(QueuedEnrollment entry) {
        if (!mayReconcile() || entry == null || busy.get()) {
            return;
        }
        busy.set(true);
        context.threads().run(() -> {
            context.services().enrollmentQueue().remove(context.session(), entry.id());
            return entry;
        }, removed -> {
            busy.set(false);
            readQueue();
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    /** The entry's state in words (waiting, or refused: call the customer). */
    public String state(QueuedEnrollment entry) {
        return context.text("home.queue.state." + entry.state().name());
    }

    /** What the queue's table says of an entry's last try (empty before the first). */
    public String lastTry(QueuedEnrollment entry) {
        return entry.lastError().map(reason -> context.messages().has("home.queue.lastTry." + reason)
                ? context.text("home.queue.lastTry." + reason)
                : context.messages().has("error.enroll." + reason) ? context.text("error.enroll." + reason, entry.bandSerial(), "")
                : reason).orElse("");
    }

    public ObservableList<QueuedEnrollment> queue() {
        return queue;
    }

    public StringProperty queueNote() {
        return queueNote;
    }

    /** How the last "bind now" went. */
    public StringProperty roundNote() {
        return roundNote;
    }

    /** Whether this member may finish binds (those who enroll). */
    public boolean mayReconcile() {
        return context.session().may(Action.ENROLL_BAND);
    }

    /** Finishes every unfinished bind as its band shows it, and says what became of each. */
    public void reconcile() {
        if (!mayReconcile() || busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        context.threads().run(() -> context.services().enrollment().reconcilePending(context.session()), results -> {
            busy.set(false);
            long resolved = results.stream().filter(EnrollmentService.Reconciliation::resolved).count();
            attentionNote.set(context.text("home.attention.reconciled", resolved, results.size() - resolved));
            refreshCountsOnly();
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    private void refreshCountsOnly() {
        context.threads().run(() -> context.services().lifecycle().pendingBindings(), pending::setAll,
                e -> problem.set(context.describe(e)));
    }

    public StringProperty readerStatus() {
        return readerStatus;
    }

    public StringProperty radioStatus() {
        return radioStatus;
    }

    public StringProperty backendStatus() {
        return backendStatus;
    }

    public LongProperty todaysEnrollments() {
        return todaysEnrollments;
    }

    public ObservableList<Binding> pending() {
        return pending;
    }

    public StringProperty attentionNote() {
        return attentionNote;
    }

    public StringProperty problem() {
        return problem;
    }

    public BooleanProperty busy() {
        return busy;
    }
}
