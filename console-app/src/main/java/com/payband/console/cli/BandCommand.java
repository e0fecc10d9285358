package com.payband.console.cli;

import com.payband.console.bands.BandInspection;
import com.payband.console.enrollment.EnrollmentService;
import com.payband.console.i18n.Messages;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.band.BandSerial;
import com.payband.band.protocol.BandInfo;
import com.payband.band.protocol.PaymentCode;
import com.payband.drivers.band.sim.SimulatedPhone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code band scan|info|reconcile|phone}: bands around the console, one band's own report, unfinished
 * binds, and the simulator's phones (the owner's, a thief's) trying a band as their apps would.
 */
@Command(name = "band", resourceBundle = "i18n.cli")
final class BandCommand {

    private final CliContext context;

    BandCommand(CliContext context) {
        this.context = context;
    }

    static void requireSimulator(boolean sim) {
        if (!sim) {
            throw new CliFailure(ExitCode.USAGE, "error.band.chooseRadio");
        }
    }

    static BandSerial serial(String typed) {
        return BandSerial.parse(typed).orElseThrow(() -> new CliFailure(ExitCode.USAGE, "error.band.serial", typed));
    }

    @Command(name = "scan", mixinStandardHelpOptions = true)
    int scan(@Option(names = "--sim", descriptionKey = "band.sim") boolean sim,
            @picocli.CommandLine.Mixin RadioOptions radio,
            @Option(names = "--seconds", paramLabel = "N", defaultValue = "3", descriptionKey = "band.seconds") int seconds,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        radio.choose(context, sim);
        Commands.requirePositive("--seconds", seconds);
        return Commands.signedIn(context, (services, staff) -> {
            List<BandAdvertisement> bands = services.bandInspection().scan(staff, Duration.ofSeconds(seconds),
                    live -> { });
            var stolen = services.bandInspection().reportedStolen(staff, bands);
            if (json) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (BandAdvertisement b : bands) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("serial", b.serial().value());
                    m.put("state", b.state().name());
                    m.put("batteryPercent", b.batteryPercent().isPresent() ? b.batteryPercent().getAsInt() : null);
                    m.put("rssi", b.rssi());
                    m.put("reportedStolen", stolen.contains(b.serial()));
                    m.put("address", b.address());
                    m.put("simulated", services.bandRadio().simulated());
                    out.add(m);
                }
                Json.print(context.out(), Map.of("bands", out));
            } else {
                Messages m = context.messages();
                Table.print(context.out(), List.of(m.get("band.col.serial"), m.get("band.col.state"), m.get("band.col.battery"),
                        m.get("band.col.signal")), bands.stream().map(b -> List.of(b.serial().value(),
                        stolen.contains(b.serial()) ? m.get("band.reportedStolen") : m.get("bandState." + b.state().name()),
                        b.batteryPercent().isPresent() ? b.batteryPercent().getAsInt() + " %" : "?",
                        b.rssi() + " dBm")).toList());
                context.out().println(m.get("band.simulated"));
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "info", mixinStandardHelpOptions = true)
    int info(@Parameters(paramLabel = "SERIAL", descriptionKey = "band.serial") String serialText,
            @Option(names = "--sim", descriptionKey = "band.sim") boolean sim,
            @picocli.CommandLine.Mixin RadioOptions radio,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        radio.choose(context, sim);
        BandSerial serial = serial(serialText);
        return Commands.signedIn(context, (services, staff) -> {
            BandInspection.Report r = services.bandInspection().inspect(staff, serial);
            BandInfo i = r.info();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("serial", r.band().serial().value());
            m.put("model", r.band().model());
            m.put("firmwareVersion", i.firmwareVersion());
            m.put("hardwareVersion", i.hardwareVersion());
            m.put("genuine", true);
            m.put("state", i.state().name());
            m.put("batteryPercent", i.batteryPercent());
            m.put("charging", i.charging());
            m.put("worn", i.worn());
            m.put("phoneLinked", i.phoneLinked());
            m.put("phoneFingerprint", i.linkedPhone().map(f -> f.hex()).orElse(null));
            m.put("clockSet", i.clockSet());
            m.put("clock", i.clock().toString());
            m.put("uptimeSeconds", i.uptime().getSeconds());
            m.put("rssi", r.heard().rssi());
            m.put("selfTest", r.selfTest() == 0 ? "PASSED" : "FAILED:" + r.selfTest());
            m.put("bindingId", i.bindingId().map(Object::toString).orElse(null));
            m.put("bindingState", r.bindingState().map(Enum::name).orElse(null));
            m.put("bindingKnownHere", r.knownHere());
            m.put("reportedStolen", r.revoked());
            m.put("simulated", services.bandRadio().simulated());
            if (json) {
                Json.print(context.out(), m);
            } else {
                Messages msg = context.messages();
                DocumentOutput.line(context.out(), msg.get("band.info.serial"), r.band().serial().value()
                        + " (" + r.band().model() + ", " + msg.get("band.info.genuine") + ")");
                DocumentOutput.line(context.out(), msg.get("band.info.firmware"), i.firmwareVersion() + " / hw " + i.hardwareVersion());
                DocumentOutput.line(context.out(), msg.get("band.info.state"), msg.get("bandState." + i.state().name())
                        + r.bindingState().map(s -> " — " + msg.get("band.info.binding", s.name())).orElse(
                                i.bindingId().isPresent() ? " — " + msg.get("band.info.foreign") : ""));
                if (r.revoked()) {
                    DocumentOutput.line(context.out(), "", msg.get("band.info.stolen"));
                }
                DocumentOutput.line(context.out(), msg.get("band.info.battery"), i.batteryPercent() + " %"
                        + (i.charging() ? " (" + msg.get("band.info.charging") + ")" : ""));
                DocumentOutput.line(context.out(), msg.get("band.info.signal"), r.heard().rssi() + " dBm");
                DocumentOutput.line(context.out(), msg.get("band.info.clock"), i.clockSet() ? i.clock().toString()
                        : msg.get("band.info.clockNotSet"));
                DocumentOutput.line(context.out(), msg.get("band.info.selfTest"),
                        msg.get(r.selfTest() == 0 ? "band.info.passed" : "band.info.failed"));
                DocumentOutput.line(context.out(), msg.get("band.info.phone"),
                        i.linkedPhone().map(f -> msg.get("band.info.linked", f.shortForm())).orElse(msg.get("band.info.free")));
                context.out().println(msg.get("band.simulated"));
            }
            context.out().flush();
            return ExitCode.OK;
        });
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true)
    int reconcile(@Option(names = "--sim", descriptionKey = "band.sim") boolean sim,
            @picocli.CommandLine.Mixin RadioOptions radio) throws Exception {
        radio.choose(context, sim);
        return Commands.signedIn(context, (services, staff) -> {
            List<EnrollmentService.Reconciliation> results = services.enrollment().reconcilePending(staff);
            Messages m = context.messages();
            if (results.isEmpty() && !services.support().resetsUnderWay() && !services.support().phoneChangesUnderWay()) {
                context.out().println(m.get("band.reconcile.none"));
            }
            for (EnrollmentService.Reconciliation r : results) {
                context.out().println(r.outcome().map(s -> m.get("band.reconcile.done", r.bandSerial(), r.bindingId(), s.name()))
                        .orElse(m.get("band.reconcile.unreached", r.bandSerial(), r.bindingId())));
            }
            // and resets a stop left under way: the band says whether it reset
            var resets = services.support().settleInterruptedResets();
            for (var r : resets) {
                context.out().println(r.reset().map(done -> m.get(done ? "band.reconcile.resetDone"
                        : "band.reconcile.resetNot", r.serial().value(), r.bindingId()))
                        .orElse(m.get("band.reconcile.resetUnreached", r.serial().value(), r.bindingId())));
            }
            // and phone changes: the band says which phone it obeys
            var phones = services.support().settleInterruptedPhoneChanges();
            for (var p : phones) {
                context.out().println(!p.settled() ? m.get("band.reconcile.phoneUnreached", p.serial().value(),
                        p.bindingId()) : p.phone().map(f -> m.get("band.reconcile.phoneSettled", p.serial().value(),
                                p.bindingId(), f.shortForm()))
                        .orElse(m.get("band.reconcile.phoneNone", p.serial().value(), p.bindingId())));
            }
            return results.stream().allMatch(EnrollmentService.Reconciliation::resolved)
                    && resets.stream().allMatch(com.payband.console.support.SupportService.InterruptedReset::settled)
                    && phones.stream().allMatch(com.payband.console.support.SupportService.InterruptedPhoneChange::settled)
                    ? ExitCode.OK : ExitCode.BAND_UNREACHABLE;
        });
    }

    /**
     * The simulator's phones as parties of their own: the band's owner's phone (the one linked to it, or
     * the next customer's phone for a band nobody owns yet) or a thief's phone asks to pair, unlocks the
     * worn band, or asks it for a payment code (which a simulated till then shows to the issuer). What the
     * band (and the till) said is the output; a refusal exits 16.
     */
    @Command(name = "phone", mixinStandardHelpOptions = true)
    int phone(@Parameters(index = "0", paramLabel = "pair|unlock|pay", descriptionKey = "band.phone.action") String action,
            @Parameters(index = "1", paramLabel = "SERIAL", descriptionKey = "band.serial") String serialText,
            @Option(names = "--as", required = true, paramLabel = "owner|thief", descriptionKey = "band.phone.as") String as,
            @Option(names = "--sim", descriptionKey = "band.sim") boolean sim,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        requireSimulator(sim);
        if (!List.of("pair", "unlock", "pay").contains(action)) {
            throw new CliFailure(ExitCode.USAGE, "error.phone.action", action);
        }
        if (!as.equals("owner") && !as.equals("thief")) {
            throw new CliFailure(ExitCode.USAGE, "error.phone.role", as);
        }
        BandSerial serial = serial(serialText);
        return Commands.signedIn(context, (services, staff) -> {
            services.authorizer().require(staff, com.payband.console.staff.Action.SCAN_BANDS);
            var world = services.simulator();
            var band = world.radio().band(serial).orElseThrow(() -> new com.payband.drivers.band.BandException(
                    com.payband.drivers.band.BandException.Kind.NOT_FOUND, serial.value()));
            var owner = as.equals("owner") ? world.ownerPhone(serial) : java.util.Optional.<SimulatedPhone>empty();
            SimulatedPhone phone = as.equals("thief") ? world.thiefPhone() : owner.orElse(world.counterPhone());
            Messages m = context.messages();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("serial", serial.value());
            out.put("as", as);
            out.put("phoneFingerprint", phone.key().fingerprint().hex());
            out.put("action", action);
            List<String> lines = new ArrayList<>();
            lines.add(m.get("band.phone.who." + (as.equals("thief") ? "thief" : owner.isPresent() ? "owner" : "counter"),
                    phone.key().fingerprint().shortForm(), serial.value()));
            String answer;
            PaymentCode code = null;
            try {
                switch (action) {
                    case "pair" -> phone.pair(band.address());
                    case "unlock" -> {
                        band.putOn();
                        lines.add(m.get("band.phone.wearing"));
                        phone.unlock(band.address());
                    }
                    default -> {
                        band.putOn();
                        lines.add(m.get("band.phone.wearing"));
                        code = phone.pay(band.address());
                    }
                }
                answer = "OK";
                lines.add(m.get("band.phone.ok." + action));
            } catch (com.payband.drivers.band.BandException e) {
                if (e.kind() != com.payband.drivers.band.BandException.Kind.REFUSED) {
                    throw e;
                }
                answer = e.status().map(Enum::name).orElse("REFUSED");
                lines.add(m.get("band.phone.refused", answer, m.get("band.status." + answer)));
            }
            out.put("band", answer);
            int exit = answer.equals("OK") ? ExitCode.OK : ExitCode.BAND_REFUSED;
            if (code != null) {
                var verdict = services.issuer().verifyPayment(code);
                out.put("paymentCode", code.text());
                out.put("issuer", verdict.name());
                lines.add(m.get("band.phone.code", code.text()));
                lines.add(m.get(verdict.accepted() ? "band.phone.till.accepted" : "band.phone.till.refused",
                        m.get("verdict." + verdict.name())));
                if (!verdict.accepted()) {
                    exit = ExitCode.BAND_REFUSED;
                }
            }
            out.put("simulated", true);
            if (json) {
                Json.print(context.out(), out);
            } else {
                lines.forEach(context.out()::println);
                context.out().println(m.get("band.simulated"));
            }
            context.out().flush();
            return exit;
        });
    }
}
