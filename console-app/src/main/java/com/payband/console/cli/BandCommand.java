package com.payband.console.cli;

import com.payband.console.bands.BandInspection;
import com.payband.console.enrollment.EnrollmentService;
import com.payband.console.i18n.Messages;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.BandSerial;
import com.payband.drivers.band.protocol.BandInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code band scan|info|reconcile}: bands around the console, one band's own report, unfinished binds. */
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
            @Option(names = "--seconds", paramLabel = "N", defaultValue = "3", descriptionKey = "band.seconds") int seconds,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        requireSimulator(sim);
        return Commands.signedIn(context, (services, staff) -> {
            List<BandAdvertisement> bands = services.bandInspection().scan(staff, Duration.ofSeconds(Math.max(1, seconds)),
                    live -> { });
            if (json) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (BandAdvertisement b : bands) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("serial", b.serial().value());
                    m.put("state", b.state().name());
                    m.put("batteryPercent", b.batteryPercent().isPresent() ? b.batteryPercent().getAsInt() : null);
                    m.put("rssi", b.rssi());
                    m.put("address", b.address());
                    m.put("simulated", services.bandRadio().simulated());
                    out.add(m);
                }
                Json.print(context.out(), Map.of("bands", out));
            } else {
                Messages m = context.messages();
                Table.print(context.out(), List.of(m.get("band.col.serial"), m.get("band.col.state"), m.get("band.col.battery"),
                        m.get("band.col.signal")), bands.stream().map(b -> List.of(b.serial().value(),
                        m.get("bandState." + b.state().name()),
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
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        requireSimulator(sim);
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
                        msg.get(i.phoneLinked() ? "band.info.linked" : "band.info.free"));
                context.out().println(msg.get("band.simulated"));
            }
            context.out().flush();
            return ExitCode.OK;
        });
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true)
    int reconcile(@Option(names = "--sim", descriptionKey = "band.sim") boolean sim) throws Exception {
        requireSimulator(sim);
        return Commands.signedIn(context, (services, staff) -> {
            services.authorizer().require(staff, com.payband.console.staff.Action.ENROLL_BAND);
            List<EnrollmentService.Reconciliation> results = services.enrollment().reconcilePending();
            Messages m = context.messages();
            if (results.isEmpty()) {
                context.out().println(m.get("band.reconcile.none"));
            }
            for (EnrollmentService.Reconciliation r : results) {
                context.out().println(r.outcome().map(s -> m.get("band.reconcile.done", r.bandSerial(), r.bindingId(), s.name()))
                        .orElse(m.get("band.reconcile.unreached", r.bandSerial(), r.bindingId())));
            }
            return results.stream().allMatch(EnrollmentService.Reconciliation::resolved) ? ExitCode.OK : ExitCode.BAND_UNREACHABLE;
        });
    }
}
