package com.payband.console.cli;

import com.payband.console.customer.Identity;
import com.payband.console.i18n.Messages;
import com.payband.console.reader.DocumentReading;
import com.payband.console.reader.ReaderCatalog;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.serial.DeviceSource;
import com.payband.drivers.idcard.serial.KnownChip;
import com.payband.drivers.idcard.serial.ProbedPort;
import com.payband.drivers.idcard.serial.SamId;
import com.payband.drivers.idcard.serial.SerialIdCardReader;
import com.payband.drivers.idcard.serial.SerialReaderDiscovery;
import com.payband.drivers.idcard.serial.SerialReaderSettings;
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

/**
 * {@code reader list|samples|read}: the ID readers (the simulator, and the serial ports with what
 * answers on each), and reading a document from one.
 */
@Command(name = "reader", resourceBundle = "i18n.cli")
final class ReaderCommand {

    private final CliContext context;

    ReaderCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    int list(@Option(names = "--json", descriptionKey = "json") boolean json,
            @Option(names = "--ports", paramLabel = "GLOB", descriptionKey = "reader.ports") List<String> ports) {
        List<ListedReader> readers = new ArrayList<>();
        for (ReaderInfo r : new ReaderCatalog(Clock.systemUTC()).available()) {
            readers.add(ListedReader.of(r));
        }
        for (ProbedPort p : SerialPortOptions.discovery(ports).probeAll()) {
            readers.add(ListedReader.of(p));
        }
        if (json) {
            Json.print(context.out(), Map.of("readers", readers.stream().map(ListedReader::json).toList()));
        } else {
            Messages m = context.messages();
            Table.print(context.out(), List.of(m.get("reader.col.id"), m.get("reader.col.name"), m.get("reader.col.kind"),
                    m.get("reader.col.status"), m.get("reader.col.baud"), m.get("reader.col.samId"),
                    m.get("reader.col.chip")), readers.stream().map(r -> r.row(m)).toList());
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
            @Option(names = "--card", paramLabel = "SAMPLE", descriptionKey = "reader.card") String card,
            @Option(names = "--no-card", descriptionKey = "reader.noCard") boolean noCard,
            @Option(names = "--fault", paramLabel = "FAULT", descriptionKey = "reader.fault") SimulatedFault fault,
            @Option(names = "--port", paramLabel = "PATH", descriptionKey = "reader.port") String port,
            @Option(names = "--baud", paramLabel = "N", descriptionKey = "reader.baud") Integer baud,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        SerialPortOptions.checkChoice(sim, card != null || noCard || fault != null, port, baud);
        return Commands.signedIn(context, (services, staff) -> {
            IdCardReader reader;
            ReadRequest request;
            if (port != null) {
                reader = SerialPortOptions.open(port, baud);
                request = ReadRequest.plain();
            } else {
                SimulatedCardOptions.Prepared prepared = SimulatedCardOptions.prepare(card, noCard, fault);
                reader = prepared.reader();
                request = prepared.request();
            }
            DocumentReading.Result result;
            try (reader) {
                result = services.documentReading().readAndWait(staff, reader, request);
            }
            print(result, json);
            return ExitCode.OK;
        });
    }

    /** A document read and its checks, as JSON or labelled lines: the same whatever reader delivered it. */
    private void print(DocumentReading.Result result, boolean json) {
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
    }

    /**
     * One line of {@code reader list}: a reader the console has (the simulator), or a serial port and
     * what answered on it. {@code status} is a {@code ReaderState} for the first, a probe outcome for
     * the second; the port fields are null where they do not apply.
     */
    private record ListedReader(String id, String name, ReaderKind kind, boolean simulated, String status,
            String statusKey, String path, Integer baud, String samId, String chip, String usbId, String rankKey,
            String detail) {

        static ListedReader of(ReaderInfo r) {
            return new ListedReader(r.id(), r.displayName(), r.kind(), r.simulated(), "READY", "readerState.READY",
                    null, null, null, null, null, null, null);
        }

        static ListedReader of(ProbedPort p) {
            String path = p.path();
            String description = p.port().port().description();
            String usbId = p.port().port().usbId();
            return new ListedReader(SerialIdCardReader.idOf(path), description.isBlank() ? path : description,
                    ReaderKind.SERIAL_GAT467, p.simulated(), p.outcome().name(), "readerProbe." + p.outcome().name(),
                    path, p.baud().isPresent() ? p.baud().getAsInt() : null, p.samId().map(SamId::toString).orElse(null),
                    p.port().chip().map(KnownChip::displayName).orElse(null), usbId.isEmpty() ? null : usbId,
                    "portRank." + p.port().rank().name(), p.detail());
        }

        /** The stable fields of src/docs/cli.md. */
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", name);
            m.put("kind", kind.name());
            m.put("simulated", simulated);
            m.put("status", status);
            m.put("path", path);
            m.put("baud", baud);
            m.put("samId", samId);
            m.put("chip", chip);
            m.put("usbId", usbId);
            m.put("detail", detail);
            return m;
        }

        List<String> row(Messages m) {
            String words = m.get(statusKey) + (simulated && path != null ? " (" + m.get("doc.simulated") + ")" : "");
            String chipWords = rankKey == null ? "" : (chip != null ? chip : m.get(rankKey))
                    + (usbId != null ? " (" + usbId + ")" : "");
            return List.of(id, name, m.get("readerKind." + kind.name()), words, baud == null ? "" : baud.toString(),
                    samId == null ? "" : samId, chipWords);
        }
    }

    /** {@code --port PATH [--baud N]} and {@code --ports GLOB}: the GA/T 467 readers on serial ports. */
    static final class SerialPortOptions {
        private SerialPortOptions() {
        }

        /**
         * One reader: {@code --sim} (with its card options) or {@code --port} (with {@code --baud}, a
         * positive speed); a usage error (exit 2) otherwise, before anything is opened or signed in.
         */
        static void checkChoice(boolean sim, boolean simulatorOptions, String port, Integer baud) {
            if (port == null) {
                if (baud != null) {
                    throw new CliFailure(ExitCode.USAGE, "error.reader.baudNeedsPort");
                }
                if (!sim) {
                    throw new CliFailure(ExitCode.USAGE, "error.reader.chooseReaderOrPort");
                }
                return;
            }
            if (sim) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.simOrPort");
            }
            if (simulatorOptions) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.simulatorOnly");
            }
            if (baud != null && baud <= 0) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.badBaud", baud.toString());
            }
        }

        /** The reader on {@code port}, at {@code baud} or at the speed it answers (115200, then 9600). */
        static SerialIdCardReader open(String port, Integer baud) {
            SerialReaderSettings settings = SerialReaderSettings.defaults();
            return baud == null ? SerialIdCardReader.open(port, settings) : SerialIdCardReader.open(port, baud, settings);
        }

        /** The ports under {@code globs} (default: /dev/ttyUSB*, /dev/ttyACM*) and those the system lists. */
        static SerialReaderDiscovery discovery(List<String> globs) {
            List<String> watched = globs == null || globs.isEmpty() ? DeviceSource.DEFAULT_GLOBS : globs;
            for (String glob : watched) {
                try {
                    DeviceSource.globs(List.of(glob));
                } catch (IllegalArgumentException e) {
                    throw new CliFailure(ExitCode.USAGE, "error.reader.badGlob", glob);
                }
            }
            return SerialReaderDiscovery.system(watched, SerialReaderSettings.defaults());
        }
    }

    /** The simulator's card and fault options, shared by every command that reads from it. */
    static final class SimulatedCardOptions {
        /** The card on the simulator when none is named. */
        static final String DEFAULT_SAMPLE = "zhang-wei";

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

        /** @param card the sample's name, or null for {@link #DEFAULT_SAMPLE} */
        static Prepared prepare(String card, boolean noCard, SimulatedFault fault) {
            Clock clock = Clock.systemUTC();
            SimulatedIdCardReader reader = new ReaderCatalog(clock).simulator();
            ReadRequest request = ReadRequest.plain();
            if (!noCard) {
                String name = card == null ? DEFAULT_SAMPLE : card;
                SampleDocument sample = SampleDocuments.byName(name).orElseThrow(() -> {
                    reader.close();
                    return new CliFailure(ExitCode.USAGE, "error.reader.unknownSample", name,
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
