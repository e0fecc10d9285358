package com.payband.console.cli;

import com.payband.console.customer.Identity;
import com.payband.console.i18n.Messages;
import com.payband.console.reader.DocumentReading;
import com.payband.console.reader.ReaderCatalog;
import com.payband.console.store.DataFolder;
import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.check.MrzKeyEntry;
import com.payband.drivers.idcard.pcsc.CscaTrustList;
import com.payband.drivers.idcard.pcsc.PassiveAuthenticationReport;
import com.payband.drivers.idcard.pcsc.PcscContext;
import com.payband.drivers.idcard.pcsc.PcscIdCardReader;
import com.payband.drivers.idcard.pcsc.PcscReaderStatus;
import com.payband.drivers.idcard.pcsc.PcscReaders;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reader list|samples|read}: the ID readers (the simulator, the serial ports with what answers on
 * each, and the PC/SC smart-card readers with whether a card lies on each), and reading a document from one.
 */
@Command(name = "reader", resourceBundle = "i18n.cli")
final class ReaderCommand {

    private final CliContext context;

    ReaderCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    int list(@Option(names = "--json", descriptionKey = "json") boolean json,
            @Option(names = "--ports", paramLabel = "GLOB", descriptionKey = "reader.ports") List<String> ports)
            throws IOException {
        Clock clock = Clock.systemUTC();
        List<ListedReader> readers = new ArrayList<>();
        for (ReaderInfo r : new ReaderCatalog(clock).available()) {
            readers.add(ListedReader.of(r));
        }
        SerialReaderDiscovery discovery = SerialPortOptions.discovery(ports);
        PcscContext.Health pcscHealth;
        CscaTrustList trust = CscaTrustList.load(PcscOptions.trustFolder(null, context.dataFolder()));
        try (PcscReaders pcsc = PcscOptions.start(trust, clock)) {
            for (ProbedPort p : discovery.probeAll()) {
                readers.add(ListedReader.of(p));
            }
            pcscHealth = pcsc.health();
            for (PcscReaderStatus r : pcsc.list()) {
                readers.add(ListedReader.of(r));
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("readers", readers.stream().map(ListedReader::json).toList());
            out.put("pcscService", pcscHealth.name());
            Json.print(context.out(), out);
        } else {
            Messages m = context.messages();
            Table.print(context.out(), List.of(m.get("reader.col.id"), m.get("reader.col.name"), m.get("reader.col.kind"),
                    m.get("reader.col.status"), m.get("reader.col.baud"), m.get("reader.col.samId"),
                    m.get("reader.col.chip")), readers.stream().map(r -> r.row(m)).toList());
            if (pcscHealth != PcscContext.Health.RUNNING) {
                context.out().println(m.get("pcsc.health." + pcscHealth.name()));
            }
            context.out().flush();
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
            @picocli.CommandLine.Mixin RealReaderOptions real,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        boolean simulatorOptions = card != null || noCard || fault != null;
        RealReaderOptions.Checked checked = real.check(context, sim, simulatorOptions);
        return Commands.signedIn(context, (services, staff) -> {
            RealReaderOptions.Read read = real.read(services, staff, checked,
                    () -> SimulatedCardOptions.prepare(card, noCard, fault));
            print(read.result(), json);
            if (read.trust() != null && !json) {
                PcscOptions.printTrustNotes(context, checked.trustFolder(), read.trust(), read.report());
            }
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
            String detail, Boolean cardPresent) {

        static ListedReader of(ReaderInfo r) {
            return new ListedReader(r.id(), r.displayName(), r.kind(), r.simulated(), "READY", "readerState.READY",
                    null, null, null, null, null, null, null, null);
        }

        /** A PC/SC reader: READY when empty, CARD_PRESENT when a card lies on it (as pcscd last said). */
        static ListedReader of(PcscReaderStatus r) {
            String state = r.cardPresent() ? "CARD_PRESENT" : "READY";
            return new ListedReader(r.info().id(), r.name(), ReaderKind.PCSC, r.info().simulated(), state,
                    "readerState." + state, null, null, null, null, null, null, null, r.cardPresent());
        }

        static ListedReader of(ProbedPort p) {
            String path = p.path();
            String description = p.port().port().description();
            String usbId = p.port().port().usbId();
            return new ListedReader(SerialIdCardReader.idOf(path), description.isBlank() ? path : description,
                    ReaderKind.SERIAL_GAT467, p.simulated(), p.outcome().name(), "readerProbe." + p.outcome().name(),
                    path, p.baud().isPresent() ? p.baud().getAsInt() : null, p.samId().map(SamId::toString).orElse(null),
                    p.port().chip().map(KnownChip::displayName).orElse(null), usbId.isEmpty() ? null : usbId,
                    "portRank." + p.port().rank().name(), p.detail(), null);
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
            m.put("cardPresent", cardPresent);
            return m;
        }

        List<String> row(Messages m) {
            String words = m.get(statusKey)
                    + (simulated && kind != ReaderKind.SIMULATOR ? " (" + m.get("doc.simulated") + ")" : "");
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

    /**
     * {@code --pcsc NAME --mrz TEXT [--csca DIR]}: a passport or ICAO eID card on a PC/SC smart-card
     * reader, opened with the MRZ key (checked here, field by field, before the card is touched) and
     * authenticated against the CSCAs of a trust folder ({@code <data folder>/csca} by default).
     */
    static final class PcscOptions {
        /** The trust folder under the data folder, used when {@code --csca} is not given. */
        static final String DEFAULT_TRUST_FOLDER = "csca";

        private PcscOptions() {
        }

        /** {@code --pcsc} excludes the other readers and their options, and needs {@code --mrz} (exit 2). */
        static void checkChoice(boolean sim, boolean simulatorOptions, String port, Integer baud, String mrz) {
            if (sim || port != null) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.onlyOneReader");
            }
            if (simulatorOptions) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.simulatorOnlyNotPcsc");
            }
            if (baud != null) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.baudNeedsPort");
            }
            if (mrz == null || mrz.isBlank()) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.mrzNeeded");
            }
        }

        /** {@code --mrz} and {@code --csca} belong to {@code --pcsc} (exit 2). */
        static void checkNotPcsc(String mrz, Path csca) {
            if (mrz != null || csca != null) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.mrzNeedsPcsc");
            }
        }

        /**
         * The BAC/PACE key of a typed or scanned MRZ ("LINE1LINE2", or with line breaks). A problem is a
         * usage error (exit 2) that names the field, never its content: nothing has been opened yet.
         */
        static MrzAccessKey accessKey(String mrz, LocalDate today, Messages m) {
            MrzKeyEntry.Result entry = MrzKeyEntry.check(mrz, today);
            if (entry.key().isPresent()) {
                return entry.key().get();
            }
            MrzKeyEntry.FieldStatus wrong = entry.firstError().orElseGet(() -> entry.fields().stream()
                    .filter(f -> !f.ok()).findFirst().orElseThrow());
            MrzKeyEntry.Problem problem = wrong.problem().orElseThrow();
            throw new CliFailure(ExitCode.USAGE, "error.reader.mrz." + problem.name(),
                    m.get("error.reader.mrzField." + wrong.field().name()));
        }

        /** {@code --csca DIR}, which must be a folder (exit 2), or {@code <data folder>/csca}, which may be missing. */
        static Path trustFolder(Path explicit, DataFolder dataFolder) {
            if (explicit == null) {
                return dataFolder.path().resolve(DEFAULT_TRUST_FOLDER);
            }
            if (!Files.isDirectory(explicit)) {
                throw new CliFailure(ExitCode.USAGE, "error.reader.noTrustFolder", explicit.toString());
            }
            return explicit;
        }

        /** The PC/SC readers, polled once so that {@code list()} and a read see them at once. */
        static PcscReaders start(CscaTrustList trust, Clock clock) {
            PcscReaders pcsc = PcscReaders.start(trust, clock);
            pcsc.refresh();
            return pcsc;
        }

        /**
         * The reader of that name (or id {@code pcsc:NAME}). A name pcscd does not know, while it runs,
         * is a reader failure (exit 11) that lists the names it does know; with the service down, the
         * read itself says so.
         */
        static PcscIdCardReader open(PcscReaders pcsc, String nameOrId) {
            String name = nameOrId.startsWith(PcscReaderStatus.ID_PREFIX)
                    ? nameOrId.substring(PcscReaderStatus.ID_PREFIX.length()) : nameOrId;
            List<String> known = pcsc.list().stream().map(PcscReaderStatus::name).toList();
            if (pcsc.health() == PcscContext.Health.RUNNING && !known.contains(name)) {
                throw new CliFailure(ExitCode.READER_FAILURE, "error.reader.pcscUnknown", name,
                        known.isEmpty() ? "-" : String.join(", ", known));
            }
            return pcsc.open(name);
        }

        /**
         * After a read's text output: no trusted CSCA at all (so "not checked" is the folder's doing, not
         * the document's), skipped trust files, and what failed when the chip's data did not authenticate.
         */
        static void printTrustNotes(CliContext context, Path trustFolder, CscaTrustList trust,
                Optional<PassiveAuthenticationReport> report) {
            Messages m = context.messages();
            if (trust.isEmpty()) {
                context.out().println(m.get("pcsc.trust.none"));
            }
            if (Files.isDirectory(trustFolder)) {
                trust.problems().forEach(p -> context.out().println(m.get("pcsc.trust.skipped", p)));
            }
            report.filter(r -> r.finding() != PassiveAuthenticationReport.Finding.VALID
                    && r.finding() != PassiveAuthenticationReport.Finding.NO_TRUST_ANCHOR)
                    .ifPresent(r -> context.out().println(m.get("pa.finding.shown", m.get("pa.finding." + r.finding().name()))));
            context.out().flush();
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
