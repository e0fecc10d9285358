package com.payband.console.cli;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.AuditVerification;
import com.payband.console.i18n.Messages;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit verify|list|export}: the audit trail for auditors and administrators. */
@Command(name = "audit", resourceBundle = "i18n.cli")
final class AuditCommand {

    private final CliContext context;

    AuditCommand(CliContext context) {
        this.context = context;
    }

    /** The filter options of list and export. */
    static final class Filter {
        @Option(names = "--from", paramLabel = "INSTANT", descriptionKey = "audit.from")
        Instant from;

        @Option(names = "--to", paramLabel = "INSTANT", descriptionKey = "audit.to")
        Instant to;

        @Option(names = "--staff", paramLabel = "NAME", descriptionKey = "audit.staff")
        String staff;

        @Option(names = "--action", paramLabel = "ACTION", descriptionKey = "audit.action")
        AuditAction action;

        AuditQuery query(int limit) {
            return new AuditQuery(Optional.ofNullable(from), Optional.ofNullable(to), Optional.ofNullable(staff),
                    Optional.ofNullable(action), limit);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true)
    int verify(@Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        // a store refused at start (an older copy put back) can still be verified: that says what is missing
        return Commands.signedInToRecover(context, (services, staff) -> {
            AuditVerification result = services.auditReview().verify(staff);
            if (json) {
                List<Map<String, Object>> problems = new ArrayList<>();
                for (AuditVerification.Problem p : result.problems()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("kind", p.kind().name());
                    m.put("seq", p.seq());
                    problems.add(m);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("intact", result.intact());
                out.put("eventsChecked", result.eventsChecked());
                out.put("problems", problems);
                Json.print(context.out(), out);
            } else {
                Messages m = context.messages();
                if (result.intact()) {
                    context.out().println(m.get("audit.intact", result.eventsChecked()));
                } else {
                    context.out().println(m.get("audit.tampered", result.eventsChecked(), result.problems().size()));
                    for (AuditVerification.Problem p : result.problems()) {
                        context.out().println("  " + m.get("audit.problem." + p.kind().name(), p.seq()));
                    }
                }
                context.out().flush();
            }
            if (!result.intact()) {
                throw new CliFailure(ExitCode.AUDIT_TAMPERED, "error.audit.tampered", result.problems().size());
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    int list(@Mixin Filter filter,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", descriptionKey = "audit.limit") int limit,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        Commands.requirePositive("--limit", limit);
        return Commands.signedIn(context, (services, staff) -> {
            List<AuditEvent> events = services.auditReview().list(staff, filter.query(limit));
            if (json) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (AuditEvent e : events) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("seq", e.seq());
                    m.put("at", e.at().toString());
                    m.put("actor", e.actorName());
                    m.put("action", e.action().name());
                    m.put("outcome", e.outcome().name());
                    m.put("targetType", e.targetType().orElse(null));
                    m.put("targetId", e.targetId().orElse(null));
                    m.put("reason", e.reason().orElse(null));
                    m.put("detail", e.detail().orElse(null));
                    out.add(m);
                }
                Json.print(context.out(), Map.of("events", out));
            } else {
                Messages m = context.messages();
                Table.print(context.out(), List.of("#", m.get("audit.col.at"), m.get("audit.col.actor"),
                        m.get("audit.col.action"), m.get("audit.col.outcome"), m.get("audit.col.target"),
                        m.get("audit.col.reason")), events.stream().map(e -> List.of(Long.toString(e.seq()),
                        DateTimeFormatter.ISO_INSTANT.format(e.at()), e.actorName(), e.action().name(), e.outcome().name(),
                        e.targetType().map(t -> t + ":" + e.targetId().orElse("")).orElse(""),
                        e.reason().orElse(""))).toList());
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "export", mixinStandardHelpOptions = true)
    int export(@Option(names = "--csv", required = true, descriptionKey = "audit.csv") boolean csv,
            @Option(names = "--out", paramLabel = "FILE", descriptionKey = "audit.out") Path out,
            @Mixin Filter filter) throws Exception {
        return Commands.signedIn(context, (services, staff) -> {
            long count;
            if (out == null) {
                count = services.auditReview().exportCsv(staff, filter.query(Integer.MAX_VALUE), context.out());
            } else {
                Path partial = out.resolveSibling(out.getFileName() + ".partial");
                try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                    count = services.auditReview().exportCsv(staff, filter.query(Integer.MAX_VALUE), writer);
                }
                Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                context.out().println(context.messages().get("audit.exported", count, out));
            }
            return ExitCode.OK;
        });
    }
}
