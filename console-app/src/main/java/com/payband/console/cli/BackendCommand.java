package com.payband.console.cli;

import com.payband.console.i18n.Messages;
import com.payband.console.sync.BackendException;
import com.payband.console.sync.BackendLink;
import com.payband.console.sync.BackendRegistration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backend register|status}: this console's registration at its backend. */
@Command(name = "backend", resourceBundle = "i18n.cli")
final class BackendCommand {

    private final CliContext context;

    BackendCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "register", mixinStandardHelpOptions = true)
    int register(@Option(names = "--url", paramLabel = "URL", required = true, descriptionKey = "backend.url") String url,
            @Option(names = "--code", paramLabel = "CODE", required = true, descriptionKey = "backend.code") String code,
            @Option(names = "--name", paramLabel = "NAME", descriptionKey = "backend.name") String name,
            @Option(names = "--replace", descriptionKey = "backend.replace") boolean replace,
            @Option(names = "--keep-unsent", descriptionKey = "backend.keepUnsent") boolean keepUnsent)
            throws Exception {
        if (keepUnsent && !replace) {
            throw new CliFailure(ExitCode.USAGE, "backend.keepUnsentNeedsReplace");
        }
        return Commands.signedIn(context, (services, admin) -> {
            BackendLink link;
            long waiting = keepUnsent ? services.outbox().pendingCount() : 0;
            try {
                link = services.sync().register(admin, url, code, name, replace, keepUnsent);
            } catch (BackendException e) {
                throw failure(e);
            }
            context.out().println(context.messages().get("backend.registered", link.url(), link.consoleId(),
                    DateTimeFormatter.ISO_INSTANT.format(link.notAfter())));
            if (waiting > 0) {
                context.out().println(context.messages().get("backend.keptHere", waiting));
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "status", mixinStandardHelpOptions = true)
    int status(@Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        return Commands.signedIn(context, (services, staff) -> {
            BackendRegistration.Status status = services.backend().status(staff);
            Messages m = context.messages();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("registered", status.link().isPresent());
                status.link().ifPresent(l -> {
                    out.put("url", l.url());
                    out.put("consoleId", l.consoleId());
                    out.put("name", l.consoleName());
                    out.put("certificateExpires", l.notAfter().toString());
                });
                out.put("reachable", status.backendView().isPresent());
                status.backendView().ifPresent(v -> out.put("revoked", v.revokedAt() != null));
                out.put("lastError", status.error().map(e -> e.reason().name()).orElse(null));
                Json.print(context.out(), out);
            } else if (status.link().isEmpty()) {
                context.out().println(m.get("backend.status.notRegistered"));
            } else {
                BackendLink l = status.link().get();
                context.out().println(m.get("backend.status.link", l.url(), l.consoleName(), l.consoleId(),
                        DateTimeFormatter.ISO_INSTANT.format(l.notAfter())));
                context.out().println(status.error().map(e -> m.get("backend.status.failed",
                        m.get("backend.error." + e.reason().name())))
                        .orElseGet(() -> m.get("backend.status.reachable")));
            }
            return status.link().isEmpty() || status.error().isPresent() ? exitCode(status) : ExitCode.OK;
        });
    }

    private static int exitCode(BackendRegistration.Status status) {
        if (status.link().isEmpty()) {
            return ExitCode.NOT_FOUND;
        }
        return status.error().get().reason() == BackendException.Reason.UNREACHABLE
                || status.error().get().reason() == BackendException.Reason.TLS_FAILED
                ? ExitCode.BACKEND_UNREACHABLE : ExitCode.BACKEND_REFUSED;
    }

    static CliFailure failure(BackendException e) {
        int exit = switch (e.reason()) {
            case BAD_URL, BAD_CODE -> ExitCode.USAGE;
            case ALREADY_REGISTERED, CHANGES_NOT_SENT -> ExitCode.REFUSED;
            case UNREACHABLE, TLS_FAILED -> ExitCode.BACKEND_UNREACHABLE;
            case NOT_REGISTERED -> ExitCode.NOT_FOUND;
            default -> ExitCode.BACKEND_REFUSED;
        };
        return new CliFailure(exit, e, "backend.error." + e.reason().name());
    }
}
