package com.payband.console.oversight;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.AuditVerification;
import com.payband.console.audit.Outcome;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The audit trail as auditors use it. */
public final class AuditReview {

    static final List<String> CSV_COLUMNS = List.of("seq", "at", "actor", "action", "outcome", "target_type",
            "target_id", "reason", "detail", "mac");

    private final AuditTrail trail;
    private final Authorizer authorizer;

    public AuditReview(AuditTrail trail, Authorizer authorizer) {
        this.trail = trail;
        this.authorizer = authorizer;
    }

    public List<AuditEvent> list(StaffSession staff, AuditQuery query) {
        authorizer.require(staff, Action.VIEW_AUDIT);
        List<AuditEvent> events = new ArrayList<>();
        trail.forEach(query, events::add);
        trail.record(staff.actor(), AuditAction.AUDIT_VIEWED, Outcome.SUCCESS, null, null, events.size() + " events");
        return events;
    }

    /** Checks the whole chain; the check itself is recorded, with its result. */
    public AuditVerification verify(StaffSession staff) {
        authorizer.require(staff, Action.VERIFY_AUDIT);
        AuditVerification result = trail.verify();
        trail.record(staff.actor(), AuditAction.AUDIT_VERIFIED, result.intact() ? Outcome.SUCCESS : Outcome.FAILED, null,
                result.intact() ? null : "PROBLEMS_FOUND",
                result.eventsChecked() + " events, " + result.problems().size() + " problems");
        return result;
    }

    /**
     * Writes the matching events as CSV (RFC 4180). Cells that a spreadsheet would run as a formula
     * are prefixed with an apostrophe.
     *
     * @return the number of events written
     */
    public long exportCsv(StaffSession staff, AuditQuery query, Writer out) throws IOException {
        authorizer.require(staff, Action.EXPORT_AUDIT);
        out.write(String.join(",", CSV_COLUMNS));
        out.write("\r\n");
        long[] count = {0};
        try {
            trail.forEach(query, e -> {
                try {
                    out.write(String.join(",", List.of(
                            Long.toString(e.seq()),
                            DateTimeFormatter.ISO_INSTANT.format(e.at()),
                            cell(e.actorName()),
                            e.action().name(),
                            e.outcome().name(),
                            cell(e.targetType().orElse("")),
                            cell(e.targetId().orElse("")),
                            cell(e.reason().orElse("")),
                            cell(e.detail().orElse("")),
                            e.mac())));
                    out.write("\r\n");
                    count[0]++;
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        trail.record(staff.actor(), AuditAction.AUDIT_EXPORTED, Outcome.SUCCESS, null, "CSV", count[0] + " events");
        return count[0];
    }

    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
