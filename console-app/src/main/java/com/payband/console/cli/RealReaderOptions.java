package com.payband.console.cli;

import com.payband.console.app.ConsoleServices;
import com.payband.console.reader.DocumentReading;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.pcsc.CscaTrustList;
import com.payband.drivers.idcard.pcsc.PassiveAuthenticationReport;
import com.payband.drivers.idcard.pcsc.PcscIdCardReader;
import com.payband.drivers.idcard.pcsc.PcscReaders;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The real document readers a command reads from besides the simulator: a GA/T 467 reader on a serial port
 * ({@code --port PATH [--baud N]}) or a passport on a PC/SC reader ({@code --pcsc NAME --mrz TEXT [--csca DIR]}). A
 * picocli mixin: {@code reader read} and the lifecycle commands that re-verify an owner take the same options,
 * checked and opened here.
 */
final class RealReaderOptions {

    @Option(names = "--port", paramLabel = "PATH", descriptionKey = "reader.port")
    String port;

    @Option(names = "--baud", paramLabel = "N", descriptionKey = "reader.baud")
    Integer baud;

    @Option(names = "--pcsc", paramLabel = "NAME", descriptionKey = "reader.pcsc")
    String pcscName;

    @Option(names = "--mrz", paramLabel = "TEXT", descriptionKey = "reader.mrz")
    String mrz;

    @Option(names = "--csca", paramLabel = "DIR", descriptionKey = "reader.csca")
    Path csca;

    /** The choice checked before anything is opened or signed in: the MRZ's key and the trust folder, for PC/SC. */
    record Checked(MrzAccessKey key, Path trustFolder) {
    }

    /** A document read: the reading's result, the reader it came from, and for a chip its passive authentication. */
    record Read(DocumentReading.Result result, ReaderInfo reader, Optional<PassiveAuthenticationReport> report,
            CscaTrustList trust) {
    }

    boolean chosen() {
        return port != null || pcscName != null;
    }

    /**
     * One reader only (usage errors, exit 2, before anything opens): {@code --pcsc} with {@code --mrz}, or {@code
     * --port} with its {@code --baud}, or the simulator ({@code sim}, with its own options).
     */
    Checked check(CliContext context, boolean sim, boolean simulatorOptions) {
        if (pcscName != null) {
            ReaderCommand.PcscOptions.checkChoice(sim, simulatorOptions, port, baud, mrz);
            return new Checked(ReaderCommand.PcscOptions.accessKey(mrz, LocalDate.now(Clock.systemUTC()),
                    context.messages()), ReaderCommand.PcscOptions.trustFolder(csca, context.dataFolder()));
        }
        ReaderCommand.PcscOptions.checkNotPcsc(mrz, csca);
        ReaderCommand.SerialPortOptions.checkChoice(sim, simulatorOptions, port, baud);
        return new Checked(null, null);
    }

    /** Reads one document from the reader chosen (else the simulator given), audited as every read; closes it. */
    Read read(ConsoleServices services, StaffSession staff, Checked checked,
            Supplier<ReaderCommand.SimulatedCardOptions.Prepared> simulator) throws Exception {
        IdCardReader reader;
        ReadRequest request;
        PcscReaders pcsc = null;
        CscaTrustList trust = null;
        if (pcscName != null) {
            trust = CscaTrustList.load(checked.trustFolder());
            pcsc = ReaderCommand.PcscOptions.start(trust, Clock.systemUTC());
            try {
                reader = ReaderCommand.PcscOptions.open(pcsc, pcscName);
            } catch (RuntimeException e) {
                pcsc.close();
                throw e;
            }
            request = ReadRequest.withAccessKey(checked.key());
        } else if (port != null) {
            reader = ReaderCommand.SerialPortOptions.open(port, baud);
            request = ReadRequest.plain();
        } else {
            ReaderCommand.SimulatedCardOptions.Prepared prepared = simulator.get();
            reader = prepared.reader();
            request = prepared.request();
        }
        Optional<PassiveAuthenticationReport> report = Optional.empty();
        PcscReaders service = pcsc;
        try (AutoCloseable closing = service == null ? () -> { } : service; reader) {
            DocumentReading.Result result = services.documentReading().readAndWait(staff, reader, request);
            if (reader instanceof PcscIdCardReader r) {
                report = r.lastPassiveAuthentication();
            }
            return new Read(result, reader.info(), report, trust);
        }
    }
}
