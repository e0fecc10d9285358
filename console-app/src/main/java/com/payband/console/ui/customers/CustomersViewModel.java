package com.payband.console.ui.customers;

import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.Target;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingTransition;
import com.payband.console.binding.ReasonCode;
import com.payband.console.customer.CustomerMatch;
import com.payband.console.customer.CustomerMatches;
import com.payband.console.customer.Identity;
import com.payband.console.staff.Action;
import com.payband.console.ui.ConsoleContext;
import com.payband.band.BandSerial;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Finding a customer (by full ID number, full name or band serial: never by fragments, which would
 * let anyone browse the register), their bindings with each one's history, and, for roles that may,
 * their identity revealed (audited) and the audit trail about them.
 */
public final class CustomersViewModel {

    public enum SearchBy { ID_NUMBER, NAME, BAND_SERIAL }

    private static final int NAME_LIMIT = 50;

    private final ConsoleContext context;
    private final ObjectProperty<SearchBy> searchBy = new SimpleObjectProperty<>(SearchBy.ID_NUMBER);
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<CustomerMatch> results = FXCollections.observableArrayList();
    private final StringProperty resultNote = new SimpleStringProperty("");
    private final ObjectProperty<CustomerMatch> selected = new SimpleObjectProperty<>();
    private final ObservableList<Binding> bindings = FXCollections.observableArrayList();
    private final ObjectProperty<Binding> selectedBinding = new SimpleObjectProperty<>();
    private final ObservableList<HistoryRow> history = FXCollections.observableArrayList();
    /** Said under the history when the issuer could not be asked for what other consoles recorded. */
    private final StringProperty historyNote = new SimpleStringProperty("");
    private final ObservableList<AuditEvent> audit = FXCollections.observableArrayList();
    private final ObjectProperty<Identity> revealed = new SimpleObjectProperty<>();
    private final StringProperty problem = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    /** The report (lost or stolen) the agent asked for and has yet to confirm. */
    private final ObjectProperty<ReasonCode> confirming = new SimpleObjectProperty<>();
    private final StringProperty reportNote = new SimpleStringProperty("");
    private final StringProperty reportText = new SimpleStringProperty("");
    /** The binding last reported here: its note says whether other stores know of it yet. */
    private volatile UUID reported;
    private volatile ReasonCode reportedAs;
    private volatile String reportedSerial;
    private volatile String searchedBand;
    /** The last report's receipt, for the customer who made it: whose (masked), and when. */
    private final javafx.beans.property.BooleanProperty receiptReady = new SimpleBooleanProperty(false);
    private final StringProperty receiptNote = new SimpleStringProperty("");
    private final com.payband.console.ui.ReceiptDesk receipts;
    private volatile CustomerMatch reportedFor;
    private volatile java.time.Instant reportedAt;

    public CustomersViewModel(ConsoleContext context) {
        this.context = context;
        this.receipts = new com.payband.console.ui.ReceiptDesk(context, receiptNote);
        selected.addListener((o, a, b) -> open(b));
        selectedBinding.addListener((o, a, b) -> {
            loadHistory(b);
            confirming.set(null);
            if (b != null && !b.id().equals(paymentChecked)) {
                paymentCode.set(""); // another band: the code scanned for the last one is not about this one
                paymentNote.set("");
                paymentChecked = null;
            }
        });
        context.syncsEnded().addListener(new javafx.beans.value.WeakChangeListener<>(syncEnded));
    }

    /** Held here: the context keeps only a weak reference, so that a closed page's model can go. */
    private final javafx.beans.value.ChangeListener<Number> syncEnded = (o, a, b) -> sayWhereReportIsInForce();

    // ---------------------------------------------------------------- a payment check (a bind the customer did not see)

    private final StringProperty paymentCode = new SimpleStringProperty("");
    private final StringProperty paymentNote = new SimpleStringProperty("");
    /** The binding the payment note is about (it stays while that binding is read again). */
    private UUID paymentChecked;

    /** Whether this member may check a payment (as the service checks it: those who enroll). */
    public boolean mayCheckPayment() {
        return context.session().may(com.payband.console.staff.Action.ENROLL_BAND);
    }

    /** A payment check is offered for the selected binding while it is active. */
    public javafx.beans.binding.BooleanBinding paymentCheckOffered() {
        return javafx.beans.binding.Bindings.createBooleanBinding(() -> mayCheckPayment() && selectedBinding.get() != null
                && selectedBinding.get().state() == com.payband.console.binding.BindingState.ACTIVE, selectedBinding);
    }

    /** The selected binding was made from the queue after the customer left, and nobody has seen it pay since. */
    public javafx.beans.binding.BooleanBinding paymentCheckDue() {
        return javafx.beans.binding.Bindings.createBooleanBinding(() -> selectedBinding.get() != null
                && selectedBinding.get().paymentCheckDue(), selectedBinding);
    }

    /** The code the customer's phone shows, as the scanner typed it. */
    public StringProperty paymentCode() {
        return paymentCode;
    }

    /** What the last payment check found (accepted), for the member to tell the customer. */
    public StringProperty paymentNote() {
        return paymentNote;
    }

    /** The simulator plays the customer: the band on, unlocked from their phone, which shows a payment code. */
    public void simulateCustomerPays() {
        Binding binding = selectedBinding.get();
        CustomerMatch customer = selected.get();
        if (binding == null || customer == null || busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        BandSerial serial = new BandSerial(binding.bandSerial());
        context.threads().run(() -> context.services().simulator().customerShowsPaymentCode(customer.customerId(),
                serial).text(), code -> {
                    busy.set(false);
                    paymentCode.set(code);
                }, e -> {
                    busy.set(false);
                    problem.set(context.describe(e));
                });
    }

    /** Has the issuer check the scanned code for the selected binding (audited); an accepted one settles a due check. */
    public void checkPayment() {
        Binding binding = selectedBinding.get();
        CustomerMatch customer = selected.get();
        if (binding == null || customer == null || busy.get()) {
            return;
        }
        String scanned = paymentCode.get() == null ? "" : paymentCode.get().strip();
        if (scanned.isEmpty()) {
            problem.set(context.text("enroll.verify.scanFirst"));
            return;
        }
        busy.set(true);
        problem.set("");
        paymentNote.set("");
        context.threads().run(() -> context.services().enrollment().verifyPayment(context.session(), binding.id(),
                scanned, s -> { }), verdict -> {
                    busy.set(false);
                    paymentCode.set("");
                    paymentChecked = binding.id();
                    paymentNote.set(context.text("customers.payment.accepted", binding.bandSerial()));
                    open(customer, binding.id()); // the binding read again: the check no longer due, the audit row
                }, e -> {
                    busy.set(false);
                    paymentCode.set("");
                    problem.set(context.describe(e));
                });
    }

    // ---------------------------------------------------------------- lost and stolen reports

    /** Whether this member may make this report (the permission matrix, as the service checks it). */
    public boolean mayReport(ReasonCode reason) {
        return context.session().may(com.payband.console.lifecycle.LifecycleService.actionFor(reason));
    }

    /** Whether the selected binding can be reported so now: lost while active, stolen while active or suspended. */
    public javafx.beans.binding.BooleanBinding reportAllowed(ReasonCode reason) {
        return javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            Binding b = selectedBinding.get();
            if (b == null || busy.get() || !mayReport(reason)) {
                return false;
            }
            return com.payband.console.binding.BindingLifecycle.find(b.state(), reason).isPresent();
        }, selectedBinding, busy);
    }

    /** The reasons to deactivate a binding other than theft: what "Deactivate…" offers. */
    public static final java.util.List<ReasonCode> DEACTIVATIONS = java.util.List.of(ReasonCode.CUSTOMER_REQUEST,
            ReasonCode.DAMAGED, ReasonCode.REPLACED, ReasonCode.FRAUD);

    /** The member's note on the report being confirmed (optional; kept sealed with the step). */
    public StringProperty reportText() {
        return reportText;
    }

    /** First step of a report: what it does is shown, and the agent confirms it. */
    public void askToReport(ReasonCode reason) {
        if (reportAllowed(reason).get()) {
            confirming.set(reason);
        }
    }

    public void cancelReport() {
        confirming.set(null);
        reportText.set("");
    }

    /**
     * Records the confirmed report: in force in this console at once (payments and binding refused here), sent to the
     * backend before everything else; the note says whether other stores know of it yet.
     */
    public void confirmReport() {
        ReasonCode reason = confirming.get();
        Binding binding = selectedBinding.get();
        if (reason == null || binding == null || busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        CustomerMatch customer = selected.get();
        String note = reportText.get();
        context.threads().run(() -> context.services().lifecycle().transition(context.session(), binding.id(), reason,
                Optional.empty(), note), state -> {
                    busy.set(false);
                    confirming.set(null);
                    reportText.set("");
                    reported = binding.id();
                    reportedAs = reason;
                    reportedSerial = binding.bandSerial();
                    reportedFor = customer;
                    reportedAt = context.clock().instant();
                    receiptNote.set("");
                    receiptReady.set(customer != null);
                    reportNote.set(context.text("customers.report.done." + reason.name(), binding.bandSerial()));
                    open(customer, binding.id());
                    context.syncNow(); // lost and stolen reports leave first
                    sayWhereReportIsInForce();
                }, e -> {
                    busy.set(false);
                    problem.set(context.describe(e));
                });
    }

    /**
     * The receipt of the last report, for the customer who made it, in their language: the band, the binding (the
     * reference support asks for), when, what it means; their name and document number masked.
     */
    public byte[] reportReceipt() throws com.payband.console.receipt.ReceiptException {
        CustomerMatch customer = reportedFor;
        java.util.Locale language = com.payband.console.ui.ReceiptDesk.languageOf(customer.documentType(),
                context.localeProperty().get());
        com.payband.console.i18n.Messages words = com.payband.console.i18n.Messages.forWindow(language);
        java.util.List<com.payband.console.receipt.Receipt.Line> lines = new java.util.ArrayList<>();
        lines.add(new com.payband.console.receipt.Receipt.Line(words.get("customers.receipt.report"),
                words.get("reason." + reportedAs.name())));
        var reach = context.services().sync().reach(reported);
        if (reach != com.payband.console.sync.SyncService.Reach.BACKEND) {
            // the paper must not promise more than is true yet: where the report is in force when it is printed
            lines.add(new com.payband.console.receipt.Receipt.Line(words.get("customers.receipt.inForce"),
                    words.get("customers.receipt.inForce." + reach.name())));
        }
        var receipt = new com.payband.console.receipt.Receipt(
                switch (reportedAs) {
                    case LOST -> com.payband.console.receipt.ReceiptKind.LOST;
                    case STOLEN -> com.payband.console.receipt.ReceiptKind.STOLEN;
                    default -> com.payband.console.receipt.ReceiptKind.DEACTIVATED;
                }, reportedAt,
                receipts.store(), context.session().username(), customer.maskedName(),
                customer.maskedDocumentNumber(), reportedSerial, reported, lines, Optional.empty());
        return com.payband.console.receipt.ReceiptPdf.withSystemFonts().render(receipt, language);
    }

    public String reportReceiptFileName() {
        return "payband-" + reportedAs.name().toLowerCase(java.util.Locale.ROOT) + "-" + reportedSerial + "-"
                + java.time.LocalDate.now(context.clock()) + ".pdf";
    }

    public void saveReportReceipt(java.nio.file.Path file) {
        if (receiptReady.get()) {
            receipts.save(this::reportReceipt, file);
        }
    }

    public void printReportReceipt() {
        if (receiptReady.get()) {
            receipts.print(this::reportReceipt, reportReceiptFileName());
        }
    }

    public javafx.beans.property.BooleanProperty receiptReady() {
        return receiptReady;
    }

    public StringProperty receiptNote() {
        return receiptNote;
    }

    /** Whether the last report has reached the backend (and so the other stores at their next sync). */
    private void sayWhereReportIsInForce() {
        UUID binding = reported;
        ReasonCode reason = reportedAs;
        String serial = reportedSerial;
        if (binding == null) {
            return;
        }
        context.threads().run(() -> switch (context.services().sync().reach(binding)) {
            case HERE_ONLY -> "customers.report.hereOnly";
            case OTHER_BACKEND -> "customers.report.otherBackend";
            case QUEUED -> "customers.report.notYetElsewhere";
            case BACKEND -> "customers.report.elsewhere";
        }, key -> {
            if (binding.equals(reported)) {
                reportNote.set(context.text("customers.report.done." + reason.name(), serial) + " " + context.text(key));
            }
        }, e -> { });
    }

    public ObjectProperty<ReasonCode> confirming() {
        return confirming;
    }

    public StringProperty reportNote() {
        return reportNote;
    }

    /** Searches by this band's serial (another page asked for its customer). */
    public void findByBand(String serial) {
        searchBy.set(SearchBy.BAND_SERIAL);
        query.set(serial);
        search();
    }

    public void search() {
        String q = query.get().trim();
        problem.set("");
        if (q.isEmpty()) {
            problem.set(context.text("customers.problem.empty"));
            return;
        }
        SearchBy by = searchBy.get();
        if (by == SearchBy.BAND_SERIAL && BandSerial.parse(q).isEmpty()) {
            problem.set(context.text("error.band.serial", q));
            return;
        }
        busy.set(true);
        selected.set(null);
        // found by a band: that band's binding is the one the page opens on (the customer may have others)
        searchedBand = by == SearchBy.BAND_SERIAL ? BandSerial.parse(q).orElseThrow().value() : null;
        context.threads().run(() -> switch (by) {
            case ID_NUMBER -> CustomerMatches.of(context.services().customers().findByDocumentNumber(context.session(), q));
            case NAME -> context.services().customers().findByName(context.session(), q, NAME_LIMIT);
            case BAND_SERIAL -> CustomerMatches.of(context.services().findCustomerByBand(context.session(),
                    BandSerial.parse(q).orElseThrow().value()));
        }, found -> {
            busy.set(false);
            results.setAll(found.matches());
            resultNote.set(found.matches().isEmpty() ? context.text("customers.none")
                    : found.complete() ? context.text("customers.found", found.total())
                    : context.text("customers.foundMore", found.matches().size(), found.total()));
            if (found.matches().size() == 1) {
                selected.set(found.matches().get(0));
            }
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    private void open(CustomerMatch match) {
        open(match, null);
    }

    /** Reads the customer's bindings (again), selecting this one if given. */
    private void open(CustomerMatch match, UUID select) {
        if (select == null) {
            reported = null; // another customer: the last report's note and receipt are not about them
            reportNote.set("");
            receiptReady.set(false);
            receiptNote.set("");
        }
        bindings.clear();
        history.clear();
        historyNote.set("");
        audit.clear();
        revealed.set(null);
        selectedBinding.set(null);
        if (match == null) {
            return;
        }
        UUID id = match.customerId();
        boolean withAudit = mayViewAudit();
        context.threads().run(() -> {
            List<Binding> found = context.services().lifecycle().bindingsOfCustomer(context.session(), id);
            List<AuditEvent> events = withAudit ? auditAbout(id, found) : List.of();
            return new Object[] {found, events};
        }, loaded -> {
            @SuppressWarnings("unchecked")
            List<Binding> found = (List<Binding>) loaded[0];
            @SuppressWarnings("unchecked")
            List<AuditEvent> events = (List<AuditEvent>) loaded[1];
            bindings.setAll(found);
            audit.setAll(events);
            if (!found.isEmpty()) {
                String band = searchedBand;
                selectedBinding.set(found.stream().filter(b -> b.id().equals(select)).findFirst()
                        .or(() -> found.stream().filter(b -> b.bandSerial().equals(band)).findFirst())
                        .orElse(found.get(0)));
            }
        }, e -> problem.set(context.describe(e)));
    }

    private List<AuditEvent> auditAbout(UUID customerId, List<Binding> found) {
        List<Target> about = new ArrayList<>();
        about.add(Target.customer(customerId));
        found.forEach(b -> about.add(Target.binding(b.id())));
        return context.services().auditReview().list(context.session(), AuditQuery.all().about(about));
    }

    /**
     * One step of a binding's history as the page shows it: who, when, why and from which console. This console's own
     * steps come from its store; steps the issuer recorded from other consoles (or its own operator) are added, so that
     * a change made elsewhere is not missing from the customer's page.
     */
    public record HistoryRow(java.time.Instant at, String change, String reason, String staff, String note,
            String console) {
    }

    private void loadHistory(Binding binding) {
        history.clear();
        historyNote.set("");
        if (binding == null) {
            return;
        }
        UUID id = binding.id();
        String here = context.services().backend().link().map(l -> l.consoleName())
                .orElse(context.text("customers.console.here"));
        context.threads().run(() -> context.services().lifecycle().historyWithStaff(context.session(), id).stream()
                .map(e -> new HistoryRow(e.step().at(), e.step().serviceStep()
                        .map(served -> context.text("serviceStep." + served.name())).orElseGet(() -> change(
                                e.step().fromState() == null ? null : e.step().fromState().name(),
                                e.step().toState().name())), reason(e.step().reason() == null
                        ? null : e.step().reason().name()), e.staff().isEmpty() ? context.text("customers.staff.system")
                        : e.staff(), e.note().orElse(""), here)).toList(), rows -> {
                            if (showing(id)) {
                                history.setAll(rows);
                                addFromIssuer(binding, here);
                            }
                        }, e -> problem.set(context.describe(e)));
    }

    /** Asked after this console's own steps are shown: the backend may be slow or away. */
    private void addFromIssuer(Binding binding, String here) {
        context.threads().run(() -> context.services().support().historyAtIssuer(context.session(), binding.id()),
                found -> {
                    if (!showing(binding.id())) {
                        return;
                    }
                    List<HistoryRow> rows = new ArrayList<>(history);
                    found.ifPresent(h -> h.steps().stream().filter(s -> !here.equals(s.store())).forEach(s -> rows.add(
                            new HistoryRow(java.time.Instant.parse(s.occurredAt()), change(s.fromState(), s.toState())
                                    + (s.applied() ? "" : " " + context.text("customers.history.notApplied")),
                                    reason(s.reason()), s.staff() == null ? "" : s.staff(), "", s.store() == null
                                    ? context.text("customers.console.issuer") : s.store()))));
                    rows.sort(java.util.Comparator.comparing(HistoryRow::at));
                    history.setAll(rows);
                }, e -> historyNote.set(context.text("customers.history.issuerUnreachable")));
    }

    private boolean showing(UUID bindingId) {
        Binding shown = selectedBinding.get();
        return shown != null && shown.id().equals(bindingId);
    }

    private String change(String from, String to) {
        return (from == null ? "" : state(from) + " → ") + state(to);
    }

    private String state(String name) {
        String key = "bindingState." + name;
        return context.messages().has(key) ? context.text(key) : name;
    }

    private String reason(String name) {
        String key = "reason." + (name == null ? "BEGUN" : name);
        return context.messages().has(key) ? context.text(key) : name;
    }

    /** Shows the selected customer's identity in full: only for roles that may, and audited. */
    public void reveal() {
        CustomerMatch match = selected.get();
        if (match == null || !mayReveal()) {
            return;
        }
        context.threads().run(() -> context.services().customers().reveal(context.session(), match.customerId()),
                revealed::set, e -> problem.set(context.describe(e)));
    }

    public void hide() {
        revealed.set(null);
    }

    public boolean mayReveal() {
        return context.session().may(Action.VIEW_PERSONAL_DATA);
    }

    public boolean mayViewAudit() {
        return context.session().may(Action.VIEW_AUDIT);
    }

    public Optional<CustomerMatch> selectedCustomer() {
        return Optional.ofNullable(selected.get());
    }

    public ObjectProperty<SearchBy> searchBy() {
        return searchBy;
    }

    public StringProperty query() {
        return query;
    }

    public ObservableList<CustomerMatch> results() {
        return results;
    }

    public StringProperty resultNote() {
        return resultNote;
    }

    public ObjectProperty<CustomerMatch> selected() {
        return selected;
    }

    public ObservableList<Binding> bindings() {
        return bindings;
    }

    public ObjectProperty<Binding> selectedBinding() {
        return selectedBinding;
    }

    public ObservableList<HistoryRow> history() {
        return history;
    }

    public StringProperty historyNote() {
        return historyNote;
    }

    public ObservableList<AuditEvent> audit() {
        return audit;
    }

    public ObjectProperty<Identity> revealed() {
        return revealed;
    }

    public StringProperty problem() {
        return problem;
    }

    public BooleanProperty busy() {
        return busy;
    }
}
