package com.payband.console.cli;

import com.payband.console.customer.Identity;
import com.payband.console.reader.DocumentReading;
import com.payband.console.reader.ReaderCatalog;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.sim.SampleDocument;
import com.payband.drivers.idcard.sim.SampleDocuments;
import com.payband.drivers.idcard.sim.SimulatedFault;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reader list|samples|read}: the ID readers, and reading a document from one. */
@Command(name = "reader", resourceBundle = "i18n.cli")
final class ReaderCommand {

    private final CliContext context;

    ReaderCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    int list(@Option(names = "--json", descriptionKey = "json") boolean json) {
        List<ReaderInfo> readers = new ReaderCatalog(Clock.systemUTC()).available();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ReaderInfo r : readers) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", r.id());
                m.put("name", r.displayName());
                m.put("kind", r.kind().name());
                m.put("simulated", r.simulated());
                m.put("status", "READY");
                out.add(m);
            }
            Json.print(context.out(), Map.of("readers", out));
        } else {
            var m = context.messages();
            Table.print(context.out(), List.of(m.get("reader.col.id"), m.get("reader.col.name"), m.get("reader.col.kind"),
                    m.get("reader.col.status")), readers.stream().map(r -> List.of(r.id(), r.displayName(),
                    m.get("readerKind." + r.kind().name()), m.get("readerState.READY"))).toList());
        }
        return ExitCode.OK;
    }

    @Command(name = "samples", mixinStandardHelpOptions = true)
    int samples() {
        var m = context.messages();
        Table.print(context.out(), List.of(m.get("reader.col.sample"), m.get("reader.col.description")),
                SampleDocuments.all().stream().map(s -> List.of(s.id(), m.has("sample." + s.id())
                        ? m.get("sample." + s.id()) : s.description())).toList());
        return ExitCode.OK;
    }

    @Command(name = "read", mixinStandardHelpOptions = true)
    int read(@Option(names = "--sim", descriptionKey = "reader.sim") boolean sim,
            @Option(names = "--card", paramLabel = "SAMPLE", defaultValue = "zhang-wei", descriptionKey = "reader.card")
            String card,
            @Option(names = "--no-card", descriptionKey = "reader.noCard") boolean noCard,
            @Option(names = "--fault", paramLabel = "FAULT", descriptionKey = "reader.fault") SimulatedFault fault,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        SimulatedCardOptions.requireSimulator(sim);
        return Commands.signedIn(context, (services, staff) -> {
            DocumentReading.Result result;
            SimulatedCardOptions.Prepared prepared = SimulatedCardOptions.prepare(card, noCard, fault);
            try (SimulatedIdCardReader reader = prepared.reader()) {
                result = services.documentReading().readAndWait(staff, reader, prepared.request());
            }
            Identity identity = Identity.of(result.document());
            if (json) {
                Map<String, Object> m = DocumentOutput.json(identity);
                m.put("checks", DocumentOutput.json(result.checks()));
                Json.print(context.out(), m);
            } else {
                DocumentOutput.print(context.out(), context.messages(), identity);
                DocumentOutput.print(context.out(), context.messages(), result.checks());
                context.out().flush();
            }
            return ExitCode.OK;
        });
    }

    /** The simulator's card and fault options, shared by every command that reads from it. */
    static final class SimulatedCardOptions {
        private SimulatedCardOptions() {
        }

        static void requireSimulator(boolean sim) {
            if (!sim) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.chooseReader");
            }
        }

        /** The simulator with its card on, and the read request (a passport's MRZ key as staff would type it). */
        record Prepared(SimulatedIdCardReader reader, ReadRequest request) {
        }

        static Prepared prepare(String card, boolean noCard, SimulatedFault fault) {
            Clock clock = Clock.systemUTC();
            SimulatedIdCardReader reader = new ReaderCatalog(clock).simulator();
            ReadRequest request = ReadRequest.plain();
            if (!noCard) {
                SampleDocument sample = SampleDocuments.byName(card).orElseThrow(() -> {
                    reader.close();
                    return new CliFailure(ExitCode.USAGE, "error.reader.unknownSample", card,
                            String.join(", ", SampleDocuments.names()));
                });
                reader.insertCard(sample);
                request = sample.accessKey(clock).map(ReadRequest::withAccessKey).orElse(request);
            }
            if (fault != null) {
                reader.injectFault(fault);
            }
            return new Prepared(reader, request);
        }
    }
}
