package com.payband.console.cli;

import com.payband.console.i18n.Messages;
import com.payband.console.sync.BackendException;
import com.payband.console.sync.SyncService;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sync now|status}: the outbox's way to the backend. */
@Command(name = "sync", resourceBundle = "i18n.cli")
final class SyncCommand {

    private final CliContext context;

    SyncCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "now", mixinStandardHelpOptions = true)
    int now(@Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        return Commands.signedIn(context, (services, staff) -> {
            java.time.Instant started = services.options().clock().instant();
            SyncService.PushReport report;
            try {
                report = services.sync().syncNow(staff);
            } catch (BackendException e) {
                throw BackendCommand.failure(e);
            }
            // with the issuer reachable, binds a crash left unfinished are decided now, as the system (audited)
            var settled = services.enrollment().reconcileAtStart(started);
            long decided = settled.stream().filter(r -> r.resolved()).count();
            // and enrollments queued while the backend was down are bound, by a member who may enroll
            var queue = services.enrollmentQueue();
            var round = staff.may(com.payband.console.staff.Action.ENROLL_BAND) && queue.waitingCount() > 0
                    ? queue.finish(staff, entry -> { }) : null;
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("sent", report.sent());
                out.put("duplicates", report.duplicates());
                out.put("rejected", report.rejected());
                out.put("queued", report.queued());
                out.put("bindsDecided", decided);
                out.put("bindsStillPending", settled.size() - decided);
                out.put("queuedBound", round == null ? 0 : round.bound());
                out.put("queuedRefused", round == null ? 0 : round.failed());
                out.put("queuedWaiting", round == null ? queue.waitingCount() : round.stillWaiting());
                Json.print(context.out(), out);
            } else {
                context.out().println(context.messages().get("sync.pushed", report.sent(), report.rejected(),
                        report.queued()));
                if (!settled.isEmpty()) {
                    context.out().println(context.messages().get("sync.bindsDecided", decided, settled.size() - decided));
                }
                if (round != null) {
                    context.out().println(context.messages().get("sync.queueRound", round.bound(), round.failed(),
                            round.stillWaiting()));
                }
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "status", mixinStandardHelpOptions = true)
    int status(@Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        return Commands.signedIn(context, (services, staff) -> {
            SyncService.Status s = services.sync().status(staff);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("registered", s.registered());
                out.put("lastSuccess", s.lastSuccess().map(DateTimeFormatter.ISO_INSTANT::format).orElse(null));
                out.put("lastAttempt", s.lastAttempt().map(DateTimeFormatter.ISO_INSTANT::format).orElse(null));
                out.put("queued", s.queued());
                out.put("rejected", s.rejected());
                out.put("blocksWaiting", s.blocksWaiting());
                out.put("keptElsewhere", s.keptElsewhere());
                out.put("enrollmentsWaiting", services.enrollmentQueue().waitingCount());
                out.put("lastError", s.lastError().orElse(null));
                out.put("revocationListSignedAt", s.revocationListSignedAt().map(DateTimeFormatter.ISO_INSTANT::format)
                        .orElse(null));
                out.put("revocationListAge", s.revocationListSignedAt()
                        .map(at -> java.time.Duration.between(at, java.time.Instant.now()).withNanos(0).toString())
                        .orElse(null));
                Json.print(context.out(), out);
                return ExitCode.OK;
            }
            Messages m = context.messages();
            if (!s.registered()) {
                context.out().println(m.get("backend.status.notRegistered"));
            }
            context.out().println(m.get("sync.status", s.queued(),
                    s.lastSuccess().map(DateTimeFormatter.ISO_INSTANT::format).orElse(m.get("sync.never"))));
            s.lastError().ifPresent(e -> context.out().println(m.get("sync.lastError", m.get("backend.error." + e))));
            if (s.blocksWaiting() > 0) {
                context.out().println(m.get("sync.blocksWaiting", s.blocksWaiting()));
            }
            if (s.rejected() > 0) {
                context.out().println(m.get("sync.rejected", s.rejected()));
            }
            if (s.keptElsewhere() > 0) {
                context.out().println(m.get("sync.keptElsewhere", s.keptElsewhere()));
            }
            long enrollmentsWaiting = services.enrollmentQueue().waitingCount();
            if (enrollmentsWaiting > 0) {
                context.out().println(m.get("sync.enrollmentsWaiting", enrollmentsWaiting));
            }
            if (s.registered()) {
                context.out().println(s.revocationListSignedAt().map(at -> m.get("sync.revocations",
                        DateTimeFormatter.ISO_INSTANT.format(at), java.time.Duration.between(at, java.time.Instant.now())
                                .toHours())).orElse(m.get("sync.revocations.never")));
                if (s.revocationListStale()) {
                    context.out().println(m.get("sync.revocations.stale", SyncService.REVOCATION_LIST_STALE.toHours()));
                }
            }
            return ExitCode.OK;
        });
    }
}
