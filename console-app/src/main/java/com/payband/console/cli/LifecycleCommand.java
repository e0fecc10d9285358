package com.payband.console.cli;

import com.payband.band.BandSerial;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.BindingTransition;
import com.payband.console.binding.ReasonCode;
import com.payband.console.i18n.Messages;
import com.payband.console.lifecycle.NoSuchBindingException;
import com.payband.console.staff.StaffSession;
import com.payband.console.support.SupportService;
import com.payband.console.sync.SyncService;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lifecycle report|found|reset|history}: the support desk on the command line. A band is named by its serial;
 * the binding acted on is the newest this console knows of it.
 */
@Command(name = "lifecycle", resourceBundle = "i18n.cli")
final class LifecycleCommand {

    /** A stolen report's reasons: theft, or fraud (both put the band on the list of stolen bands). */
    enum StolenReason { STOLEN, FRAUD }

    /** The other deactivations' reasons. */
    enum DeactivationReason { CUSTOMER_REQUEST, DAMAGED, REPLACED, FRAUD }

    /** Why the old band of a replacement goes (its binding is deactivated for this reason). */
    enum ReplacementReason { STOLEN, DAMAGED, REPLACED, CUSTOMER_REQUEST }

    /** Why a band is reset (the service's RESET_REASONS). */
    enum ResetReason { FOUND, CUSTOMER_REQUEST, DAMAGED, REPLACED }

    /** Why a phone is unlinked or linked (the service's PHONE_REASONS): the old phone lost or stolen, or a new one. */
    enum PhoneReason { CUSTOMER_REQUEST, LOST, STOLEN }

    private final CliContext context;

    LifecycleCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "report-lost", mixinStandardHelpOptions = true)
    int reportLost(@Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.band")
            String band,
            @Option(names = "--note", paramLabel = "TEXT", descriptionKey = "lifecycle.note") String note,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        return report(band, ReasonCode.LOST, note, json);
    }

    @Command(name = "report-stolen", mixinStandardHelpOptions = true)
    int reportStolen(@Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.band")
            String band,
            @Option(names = "--reason", paramLabel = "REASON", defaultValue = "STOLEN",
                    descriptionKey = "lifecycle.stolenReason") StolenReason reason,
            @Option(names = "--sim", descriptionKey = "reader.sim") boolean sim,
            @Option(names = "--card", paramLabel = "SAMPLE", descriptionKey = "lifecycle.ownerCardElsewhere") String card,
            @picocli.CommandLine.Mixin RealReaderOptions reader,
            @Option(names = "--note", paramLabel = "TEXT", descriptionKey = "lifecycle.note") String note,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        if (card == null && !reader.chosen()) {
            if (sim) {
                // --sim reads the owner's card in the simulator: without --card there is no card to read
                throw new CliFailure(ExitCode.USAGE, "error.lifecycle.ownerReader");
            }
            return report(band, ReasonCode.valueOf(reason.name()), note, json);
        }
        // the owner's card: a band enrolled at another store, reported for its owner at the backend's issuer
        if (reason != StolenReason.STOLEN) {
            throw new CliFailure(ExitCode.USAGE, "error.lifecycle.ownerReportsTheft");
        }
        RealReaderOptions.Checked owner = ownerReader(card, reader, true);
        if (card != null) {
            ReaderCommand.SimulatedCardOptions.requireSimulator(sim);
        }
        BandSerial serial = BandCommand.serial(band);
        return Commands.signedIn(context, (services, staff) -> {
            SupportService.ReportDone done = services.support().reportStolenForOwner(staff, serial,
                    readOwner(services, staff, card, reader, owner), UUID.randomUUID());
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("bandSerial", serial.value());
                out.put("bindingId", done.bindingId().toString());
                out.put("state", BindingState.DEACTIVATED.name());
                out.put("reason", ReasonCode.STOLEN.name());
                out.put("enrolledHere", false);
                out.put("changed", done.changed());
                Json.print(context.out(), out);
            } else {
                context.out().println(context.messages().get("lifecycle.reportedForOwner", serial.value()));
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true)
    int deactivate(@Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.band")
            String band,
            @Option(names = "--reason", paramLabel = "REASON", required = true, descriptionKey = "lifecycle.reason")
            DeactivationReason reason,
            @Option(names = "--note", paramLabel = "TEXT", descriptionKey = "lifecycle.note") String note,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        return report(band, ReasonCode.valueOf(reason.name()), note, json);
    }

    private int report(String band, ReasonCode reason, String note, boolean json) throws Exception {
        BandSerial serial = BandCommand.serial(band);
        requireNoteFits(note);
        return Commands.signedIn(context, (services, staff) -> {
            UUID bindingId = bindingOf(services, serial);
            BindingState state = services.lifecycle().transition(staff, bindingId, reason, Optional.empty(), note);
            // in force here now; lost and stolen reports leave for the backend first
            SyncService.Reach reach = pushed(services, bindingId);
            print(json, serial, bindingId, state, reach, context.messages().get(
                    "lifecycle.reported", serial.value(), context.messages().get("reason." + reason.name()),
                    context.messages().get("bindingState." + state.name())));
            return ExitCode.OK;
        });
    }

    private static void requireNoteFits(String note) {
        if (note != null && note.strip().length() > com.payband.console.lifecycle.LifecycleService.NOTE_MAX_LENGTH) {
            throw new CliFailure(ExitCode.USAGE, "error.lifecycle.noteTooLong",
                    com.payband.console.lifecycle.LifecycleService.NOTE_MAX_LENGTH);
        }
        try {
            com.payband.console.lifecycle.LifecycleService.keptNote(note);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "error.lifecycle.noteCharacters");
        }
    }

    @Command(name = "found", mixinStandardHelpOptions = true)
    int found(@Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.band") String band,
            @Option(names = "--sim", descriptionKey = "reader.sim") boolean sim,
            @Option(names = "--card", paramLabel = "SAMPLE", descriptionKey = "lifecycle.ownerCard") String card,
            @picocli.CommandLine.Mixin RealReaderOptions reader,
            @Option(names = "--note", paramLabel = "TEXT", descriptionKey = "lifecycle.note") String note,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        requireNoteFits(note);
        RealReaderOptions.Checked owner = ownerReader(card, reader, true);
        if (card != null) {
            ReaderCommand.SimulatedCardOptions.requireSimulator(sim);
        }
        BandSerial serial = BandCommand.serial(band);
        return Commands.signedIn(context, (services, staff) -> {
            UUID bindingId = bindingOf(services, serial);
            BindingState state = services.support().found(staff, bindingId,
                    readOwner(services, staff, card, reader, owner), note);
            SyncService.Reach reach = pushed(services, bindingId);
            print(json, serial, bindingId, state, reach,
                    context.messages().get("lifecycle.found", serial.value()));
            return ExitCode.OK;
        });
    }

    @Command(name = "reset", mixinStandardHelpOptions = true)
    int reset(@Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.band") String band,
            @Option(names = "--sim", descriptionKey = "band.sim") boolean sim,
            @picocli.CommandLine.Mixin RadioOptions radio,
            @Option(names = "--owner-card", paramLabel = "SAMPLE", descriptionKey = "lifecycle.ownerCardReset") String card,
            @picocli.CommandLine.Mixin RealReaderOptions reader,
            @Option(names = "--approved-by", paramLabel = "ADMIN", descriptionKey = "lifecycle.approvedBy")
            String approver,
            @Option(names = "--reason", paramLabel = "REASON", defaultValue = "FOUND",
                    descriptionKey = "lifecycle.resetReason") ResetReason reason,
            @Option(names = "--note", paramLabel = "TEXT", descriptionKey = "lifecycle.note") String note,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        radio.choose(context, sim);
        requireNoteFits(note);
        RealReaderOptions.Checked ownerRead = ownerReader(card, reader, false);
        BandSerial serial = BandCommand.serial(band);
        return Commands.signedIn(context, (services, staff) -> {
            Optional<SupportService.OwnerDocument> owner = ownerRead == null ? Optional.empty()
                    : Optional.of(readOwner(services, staff, card, reader, ownerRead));
            Optional<com.payband.console.support.ResetApproval> approval = approver == null ? Optional.empty()
                    : Optional.of(services.support().approveReset(staff, context.approverSignIn(services, approver),
                            serial));
            SupportService.ResetDone done = services.support().resetRecoveredBand(staff, serial, owner, approval,
                    ReasonCode.valueOf(reason.name()), note, step -> { });
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("bandSerial", serial.value());
                out.put("bindingId", done.bindingId().toString());
                out.put("state", "FACTORY");
                out.put("ownerVerified", done.ownerVerified());
                out.put("grounds", done.grounds().name());
                approval.ifPresent(a -> out.put("approvedBy", a.approvedBy()));
                out.put("confirmedOnReconnect", done.confirmedOnReconnect());
                Json.print(context.out(), out);
            } else {
                context.out().println(context.messages().get("lifecycle.reset", serial.value()));
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "unlink-phone", mixinStandardHelpOptions = true)
    int unlinkPhone(@Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.band")
            String band,
            @Option(names = "--sim", descriptionKey = "band.sim") boolean sim,
            @picocli.CommandLine.Mixin RadioOptions radio,
            @Option(names = "--card", paramLabel = "SAMPLE", descriptionKey = "lifecycle.ownerCard") String card,
            @picocli.CommandLine.Mixin RealReaderOptions reader,
            @Option(names = "--reason", paramLabel = "REASON", defaultValue = "CUSTOMER_REQUEST",
                    descriptionKey = "lifecycle.phoneReason") PhoneReason reason,
            @Option(names = "--note", paramLabel = "TEXT", descriptionKey = "lifecycle.note") String note,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        radio.choose(context, sim);
        requireNoteFits(note);
        RealReaderOptions.Checked owner = ownerReader(card, reader, true);
        BandSerial serial = BandCommand.serial(band);
        return Commands.signedIn(context, (services, staff) -> {
            UUID bindingId = bindingOf(services, serial);
            services.support().unlinkPhone(staff, bindingId, readOwner(services, staff, card, reader, owner),
                    ReasonCode.valueOf(reason.name()), note);
            printPhone(json, serial, bindingId, null);
            return ExitCode.OK;
        });
    }

    @Command(name = "link-phone", mixinStandardHelpOptions = true)
    int linkPhone(@Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.band")
            String band,
            @Option(names = "--sim", descriptionKey = "band.sim") boolean sim,
            @picocli.CommandLine.Mixin RadioOptions radio,
            @Option(names = "--phone-key", paramLabel = "KEY", descriptionKey = "lifecycle.phoneKey") String phoneKey,
            @Option(names = "--card", paramLabel = "SAMPLE", descriptionKey = "lifecycle.ownerCard") String card,
            @picocli.CommandLine.Mixin RealReaderOptions reader,
            @Option(names = "--reason", paramLabel = "REASON", defaultValue = "CUSTOMER_REQUEST",
                    descriptionKey = "lifecycle.phoneReason") PhoneReason reason,
            @Option(names = "--note", paramLabel = "TEXT", descriptionKey = "lifecycle.note") String note,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        radio.choose(context, sim);
        requireNoteFits(note);
        RealReaderOptions.Checked owner = ownerReader(card, reader, true);
        BandSerial serial = BandCommand.serial(band);
        return Commands.signedIn(context, (services, staff) -> {
            UUID bindingId = bindingOf(services, serial);
            UUID customerId = services.lifecycle().bindingById(bindingId).orElseThrow().customerId();
            var ownerCard = readOwner(services, staff, card, reader, owner);
            var newPhone = services.support().acceptNewPhone(staff, customerId, phoneCode(services, customerId, phoneKey));
            printPhone(json, serial, bindingId, services.support().linkPhone(staff, bindingId, ownerCard, newPhone,
                    ReasonCode.valueOf(reason.name()), note));
            return ExitCode.OK;
        });
    }

    /** The new phone's app shows its key code; the scanner types it (--phone-key), or the simulator plays the phone. */
    private static String phoneCode(ConsoleServices services, UUID customerId, String typed) throws java.io.IOException {
        return typed != null ? typed : services.simulator().replaceCustomerPhone(customerId).keyCode().text();
    }

    private void printPhone(boolean json, BandSerial serial, UUID bindingId,
            com.payband.band.protocol.PhoneFingerprint linked) {
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bandSerial", serial.value());
            out.put("bindingId", bindingId.toString());
            out.put("phoneFingerprint", linked == null ? null : linked.hex());
            Json.print(context.out(), out);
        } else {
            context.out().println(linked == null ? context.messages().get("lifecycle.phoneUnlinked", serial.value())
                    : context.messages().get("lifecycle.phone", serial.value(), linked.shortForm()));
        }
    }

    @Command(name = "replace", mixinStandardHelpOptions = true)
    int replace(@Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.oldBand")
            String band,
            @Option(names = "--new-band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.newBand")
            String newBand,
            @Option(names = "--reason", paramLabel = "REASON", required = true, descriptionKey = "lifecycle.replaceReason")
            ReplacementReason reason,
            @Option(names = "--sim", descriptionKey = "enroll.sim") boolean sim,
            @picocli.CommandLine.Mixin RadioOptions radio,
            @Option(names = "--card", paramLabel = "SAMPLE", descriptionKey = "lifecycle.ownerCard") String card,
            @picocli.CommandLine.Mixin RealReaderOptions reader,
            @Option(names = "--phone-key", paramLabel = "CODE", descriptionKey = "enroll.phoneKey") String phoneKey,
            @Option(names = "--note", paramLabel = "TEXT", descriptionKey = "lifecycle.note") String note,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        radio.choose(context, sim);
        RealReaderOptions.Checked owner = ownerReader(card, reader, true);
        BandSerial oldSerial = BandCommand.serial(band);
        BandSerial newSerial = BandCommand.serial(newBand);
        requireNoteFits(note);
        return Commands.signedIn(context, (services, staff) -> {
            UUID oldBinding = bindingOf(services, oldSerial);
            UUID customerId = services.lifecycle().bindingById(oldBinding).orElseThrow().customerId();
            String code = phoneKey != null ? phoneKey : services.simulator().customerPhone(customerId).keyCode().text();
            var phone = services.enrollment().acceptPhone(staff, customerId, code);
            var done = services.support().replace(staff, oldBinding, readOwner(services, staff, card, reader, owner),
                    ReasonCode.valueOf(reason.name()), note, newSerial, phone);
            pushed(services, oldBinding);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("oldBandSerial", oldSerial.value());
                out.put("oldBindingId", oldBinding.toString());
                out.put("oldState", BindingState.DEACTIVATED.name());
                out.put("bandSerial", newSerial.value());
                out.put("bindingId", done.bindingId().toString());
                out.put("state", BindingState.ACTIVE.name());
                Json.print(context.out(), out);
            } else {
                context.out().println(context.messages().get("lifecycle.replaced", oldSerial.value(), newSerial.value(),
                        done.bindingId()));
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "import", mixinStandardHelpOptions = true)
    int importList(@picocli.CommandLine.Parameters(paramLabel = "FILE.csv", descriptionKey = "lifecycle.importFile")
            java.nio.file.Path file,
            @Option(names = "--dry-run", descriptionKey = "lifecycle.dryRun") boolean dryRun,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new CliFailure(ExitCode.NOT_FOUND, "error.import.noFile", file);
        }
        return Commands.signedIn(context, (services, staff) -> {
            com.payband.console.support.RevocationImport.Result r;
            long started = System.nanoTime();
            try (var in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                r = services.revocationImport().importCsv(staff, in, file.getFileName().toString(), dryRun);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("lines", r.lines());
                out.put("added", r.added());
                out.put("alreadyListed", r.alreadyKnown());
                out.put("applied", r.applied());
                out.put("backend", r.applied() ? r.backend().name() : null);
                out.put("addedAtBackend", r.addedAtBackend());
                out.put("millis", ms);
                Json.print(context.out(), out);
            } else {
                context.out().println(context.messages().get(r.applied() ? "lifecycle.imported" : "lifecycle.importChecked",
                        r.lines(), r.added(), r.alreadyKnown(), ms));
                if (r.applied()) {
                    context.out().println(context.messages().get("lifecycle.imported." + r.backend().name(),
                            r.addedAtBackend()));
                }
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "history", mixinStandardHelpOptions = true)
    int history(@Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "lifecycle.band")
            String band,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        BandSerial serial = BandCommand.serial(band);
        return Commands.signedIn(context, (services, staff) -> {
            UUID bindingId = bindingOf(services, serial);
            List<com.payband.console.lifecycle.LifecycleService.HistoryEntry> steps =
                    services.lifecycle().historyWithStaff(staff, bindingId);
            // and what the issuer recorded from every store (a report made in another store too)
            Optional<com.payband.sync.api.IssuerBindingHistory> atIssuer = Optional.empty();
            boolean issuerUnreachable = false;
            try {
                atIssuer = services.support().historyAtIssuer(staff, bindingId);
            } catch (com.payband.console.issuer.IssuerException e) {
                issuerUnreachable = true;
            }
            Messages m = context.messages();
            if (json) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (var entry : steps) {
                    BindingTransition t = entry.step();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("at", DateTimeFormatter.ISO_INSTANT.format(t.at()));
                    row.put("from", t.fromState() == null ? null : t.fromState().name());
                    row.put("to", t.toState().name());
                    row.put("reason", t.reason() == null ? null : t.reason().name());
                    // a step that served the binding without moving it: its phone changed, its band reset
                    row.put("step", t.serviceStep().map(Enum::name).orElse(null));
                    row.put("staff", entry.staff());
                    row.put("note", entry.note().orElse(null));
                    out.add(row);
                }
                Map<String, Object> all = new LinkedHashMap<>();
                all.put("bandSerial", serial.value());
                all.put("bindingId", bindingId.toString());
                all.put("history", out);
                all.put("atIssuer", atIssuer.map(h -> h.steps()).orElse(null));
                all.put("issuerUnreachable", issuerUnreachable);
                Json.print(context.out(), all);
            } else {
                Table.print(context.out(), List.of(m.get("lifecycle.col.at"), m.get("lifecycle.col.state"),
                        m.get("lifecycle.col.reason"), m.get("lifecycle.col.staff"), m.get("lifecycle.col.note")),
                        steps.stream().map(e -> List.of(
                        DateTimeFormatter.ISO_INSTANT.format(e.step().at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                        e.step().serviceStep().map(served -> m.get("serviceStep." + served.name()))
                                .orElseGet(() -> m.get("bindingState." + e.step().toState().name())),
                        m.get("reason." + (e.step().reason() == null ? "BEGUN" : e.step().reason().name())), e.staff(),
                        e.note().orElse("")))
                        .toList());
                if (atIssuer.isPresent() && !atIssuer.get().steps().isEmpty()) {
                    context.out().println();
                    context.out().println(m.get("lifecycle.atIssuer"));
                    Table.print(context.out(), List.of(m.get("lifecycle.col.at"), m.get("lifecycle.col.state"),
                            m.get("lifecycle.col.reason"), m.get("lifecycle.col.staff"), m.get("lifecycle.col.store")),
                            atIssuer.get().steps().stream().map(s -> List.of(s.occurredAt(),
                                    m.get("bindingState." + s.toState()) + (s.applied() ? "" : " " + m.get(
                                            "lifecycle.notApplied")),
                                    s.reason() == null ? "" : m.get("reason." + s.reason()),
                                    s.staff() == null ? "" : s.staff(), s.store() == null ? "" : s.store())).toList());
                } else if (issuerUnreachable) {
                    context.out().println(m.get("lifecycle.issuerUnreachable"));
                }
            }
            return ExitCode.OK;
        });
    }

    /** The newest binding this console knows of the band. */
    private static UUID bindingOf(ConsoleServices services, BandSerial serial) throws NoSuchBindingException {
        return services.lifecycle().latestBindingOfBand(serial.value()).map(Binding::id)
                .orElseThrow(() -> new CliFailure(ExitCode.NOT_FOUND, "error.lifecycle.noBinding", serial.value()));
    }

    /**
     * Where the owner's document is read (checked before sign-in, exit 2): the simulator's sample ({@code --card}), a
     * serial reader ({@code --port}) or a passport ({@code --pcsc --mrz}), one of them; null when none is given and
     * none is needed.
     */
    private RealReaderOptions.Checked ownerReader(String card, RealReaderOptions reader, boolean required) {
        if (card != null && reader.chosen()) {
            throw new CliFailure(ExitCode.USAGE, "error.lifecycle.oneOwnerReader");
        }
        if (card == null && !reader.chosen()) {
            if (required) {
                throw new CliFailure(ExitCode.USAGE, "error.lifecycle.ownerReader");
            }
            reader.check(context, true, false); // --baud, --mrz, --csca alone are still usage errors
            return null;
        }
        return reader.check(context, card != null, false);
    }

    /** The owner's document, read again now as {@code reader read} reads it (audited); the reader is closed. */
    private static SupportService.OwnerDocument readOwner(ConsoleServices services, StaffSession staff, String card,
            RealReaderOptions reader, RealReaderOptions.Checked checked) throws Exception {
        RealReaderOptions.Read read = reader.read(services, staff, checked,
                () -> ReaderCommand.SimulatedCardOptions.prepare(card, false, null));
        return new SupportService.OwnerDocument(read.result().document(), read.reader());
    }

    /** Pushes the outbox when registered; where this binding's changes now stand. */
    private static SyncService.Reach pushed(ConsoleServices services, UUID bindingId) {
        if (services.backend().link().isPresent()) {
            try {
                services.sync().push();
            } catch (com.payband.console.sync.BackendException e) {
                // stays queued: the next sync sends it
            }
        }
        return services.sync().reach(bindingId);
    }

    private void print(boolean json, BandSerial serial, UUID bindingId, BindingState state, SyncService.Reach reach,
            String line) {
        String where = reach.name();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bandSerial", serial.value());
            out.put("bindingId", bindingId.toString());
            out.put("state", state.name());
            out.put("inForce", where);
            Json.print(context.out(), out);
        } else {
            context.out().println(line);
            context.out().println(context.messages().get("lifecycle.inForce." + where));
        }
    }
}
