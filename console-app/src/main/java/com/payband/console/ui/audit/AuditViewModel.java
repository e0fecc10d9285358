package com.payband.console.ui.audit;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.AuditVerification;
import com.payband.console.audit.Outcome;
import com.payband.console.staff.Action;
import com.payband.console.staff.StaffService;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The audit trail for auditors and administrators: the newest matching events (filtered by date,
 * member of staff and action), the check of the whole chain, and the export of what matches as CSV.
 */
public final class AuditViewModel {

    /** At most this many events are shown: the newest that match. The export has them all. */
    public static final int ROW_CAP = 1000;
    /** At most this many of a tampered chain's problems are listed (the count says how many there are). */
    static final int PROBLEMS_LISTED = 20;

    private final ConsoleContext context;
    private final ZoneId zone;
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final StringProperty staffName = new SimpleStringProperty("");
    private final ObjectProperty<AuditAction> action = new SimpleObjectProperty<>();
    private final ObservableList<AuditEvent> events = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("");
    private final BooleanProperty more = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty verification = new SimpleStringProperty("");
    private final BooleanProperty tampered = new SimpleBooleanProperty(false);
    private final ObservableList<String> verificationProblems = FXCollections.observableArrayList();

    public AuditViewModel(ConsoleContext context) {
        this(context, ZoneId.systemDefault());
    }

    /** @param zone the workstation's zone: dates are days there, times are shown there */
    public AuditViewModel(ConsoleContext context, ZoneId zone) {
        this.context = context;
        this.zone = zone;
    }

    /** Reads the newest events that match the filters. */
    public void search() {
        if (busy.get()) {
            return;
        }
        problem.set("");
        notice.set("");
        Optional<AuditQuery> query = query();
        if (query.isEmpty()) {
            return;
        }
        StaffSession staff = context.session();
        busy.set(true);
        record Found(List<AuditEvent> newest, int total) { }
        context.threads().run(() -> {
            List<AuditEvent> all = context.services().auditReview().list(staff, query.get());
            List<AuditEvent> newest = new ArrayList<>(all.subList(Math.max(0, all.size() - ROW_CAP), all.size()));
            Collections.reverse(newest);
            return new Found(newest, all.size());
        }, found -> {
            busy.set(false);
            events.setAll(found.newest());
            more.set(found.total() > found.newest().size());
            summary.set(more.get() ? context.text("audit.capped", found.newest().size(), found.total())
                    : context.text("audit.shown", found.total()));
        }, this::failed);
    }

    /** Empties every filter and reads again. */
    public void clearFilters() {
        from.set(null);
        to.set(null);
        staffName.set("");
        action.set(null);
        search();
    }

    /** Checks the whole chain (the check is itself recorded). */
    public void verify() {
        if (busy.get()) {
            return;
        }
        problem.set("");
        notice.set("");
        verification.set(context.text("audit.verify.running"));
        tampered.set(false);
        verificationProblems.clear();
        StaffSession staff = context.session();
        busy.set(true);
        context.threads().run(() -> context.services().auditReview().verify(staff), result -> {
            busy.set(false);
            tampered.set(!result.intact());
            verification.set(result.intact() ? context.text("audit.intact", result.eventsChecked())
                    : context.text("audit.tampered", result.eventsChecked(), result.problems().size()));
            List<String> lines = new ArrayList<>();
            for (AuditVerification.Problem p : result.problems()) {
                if (lines.size() == PROBLEMS_LISTED) {
                    lines.add(context.text("audit.problems.more", result.problems().size() - PROBLEMS_LISTED));
                    break;
                }
                lines.add(context.text("audit.problem." + p.kind().name(), p.seq()));
            }
            verificationProblems.setAll(lines);
        }, failure -> {
            verification.set("");
            failed(failure);
        });
    }

    /**
     * Writes every event matching the filters (not only those shown) to this file as CSV. The file
     * appears complete or not at all: it is written beside, then moved into place.
     */
    public void export(Path file) {
        if (busy.get() || file == null) {
            return;
        }
        problem.set("");
        notice.set("");
        Optional<AuditQuery> query = query();
        if (query.isEmpty()) {
            return;
        }
        StaffSession staff = context.session();
        busy.set(true);
        context.threads().run(() -> {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            long count;
            try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                count = context.services().auditReview().exportCsv(staff, query.get(), writer);
            } catch (Exception e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            return count;
        }, count -> {
            busy.set(false);
            notice.set(context.text("audit.exported", count, file));
        }, this::failed);
    }

    /** The suggested name of an export file. */
    public String exportFileName() {
        return "payband-audit-" + LocalDate.now(context.clock().withZone(zone)) + ".csv";
    }

    private Optional<AuditQuery> query() {
        LocalDate first = from.get();
        LocalDate last = to.get();
        if (first != null && last != null && first.isAfter(last)) {
            problem.set(context.text("audit.filter.badRange"));
            return Optional.empty();
        }
        String name = staffName.get() == null ? "" : StaffService.normaliseUsername(staffName.get());
        return Optional.of(new AuditQuery(
                Optional.ofNullable(first).map(d -> d.atStartOfDay(zone).toInstant()),
                // the end date is included: up to the start of the day after it
                Optional.ofNullable(last).map(d -> d.plusDays(1).atStartOfDay(zone).toInstant()),
                name.isEmpty() ? Optional.empty() : Optional.of(name),
                Optional.ofNullable(action.get()),
                Integer.MAX_VALUE));
    }

    private void failed(Throwable failure) {
        busy.set(false);
        problem.set(context.describe(failure));
    }

    // ---------------------------------------------------------------- words for the table

    public String timeText(Instant at) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(context.localeProperty().get()).withZone(zone).format(at);
    }

    /** An action in words; "all actions" for none. */
    public String actionText(AuditAction a) {
        return a == null ? context.text("audit.filter.allActions") : context.text("auditAction." + a.name());
    }

    public String outcomeText(Outcome outcome) {
        return context.text("auditOutcome." + outcome.name());
    }

    /** What the event is about: its kind in words, and its internal id. */
    public String targetText(AuditEvent event) {
        if (event.targetType().isEmpty()) {
            return "";
        }
        String type = event.targetType().get();
        String key = "auditTarget." + type;
        String word = context.messages().has(key) ? context.text(key) : type;
        return event.targetId().map(id -> context.text("audit.target", word, id)).orElse(word);
    }

    /** The reason code and the detail, as recorded (they are not personal data). */
    public String reasonText(AuditEvent event) {
        String reason = event.reason().orElse("");
        String detail = event.detail().orElse("");
        if (reason.isEmpty() || detail.isEmpty()) {
            return reason + detail;
        }
        return context.text("audit.reasonDetail", reason, detail);
    }

    /** The choices of the action filter: none (all actions) first, then every action. */
    public List<AuditAction> actionChoices() {
        List<AuditAction> choices = new ArrayList<>();
        choices.add(null);
        choices.addAll(Arrays.asList(AuditAction.values()));
        return choices;
    }

    // ---------------------------------------------------------------- properties

    public boolean mayVerify() {
        return context.session().may(Action.VERIFY_AUDIT);
    }

    public boolean mayExport() {
        return context.session().may(Action.EXPORT_AUDIT);
    }

    public ObjectProperty<LocalDate> from() {
        return from;
    }

    public ObjectProperty<LocalDate> to() {
        return to;
    }

    public StringProperty staffName() {
        return staffName;
    }

    public ObjectProperty<AuditAction> action() {
        return action;
    }

    public ObservableList<AuditEvent> events() {
        return events;
    }

    public StringProperty summary() {
        return summary;
    }

    /** More events match than are shown. */
    public BooleanProperty more() {
        return more;
    }

    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    public StringProperty problem() {
        return problem;
    }

    public StringProperty notice() {
        return notice;
    }

    public StringProperty verification() {
        return verification;
    }

    public BooleanProperty tampered() {
        return tampered;
    }

    public ObservableList<String> verificationProblems() {
        return verificationProblems;
    }
}
