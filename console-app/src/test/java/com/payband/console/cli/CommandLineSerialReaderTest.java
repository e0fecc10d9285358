package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.console.i18n.Messages;
import com.payband.drivers.idcard.serial.PortRank;
import com.payband.drivers.idcard.serial.ProbedPort;
import com.payband.drivers.idcard.serial.SamCommand;
import com.payband.drivers.idcard.serial.SamStatus;
import com.payband.drivers.idcard.serial.SerialLineException;
import com.payband.drivers.idcard.serial.VirtualSerialCable;
import com.payband.drivers.idcard.serial.sim.HostLine;
import com.payband.drivers.idcard.serial.sim.LineTiming;
import com.payband.drivers.idcard.serial.sim.SerialReaderSimulator;
import com.payband.drivers.idcard.serial.sim.SimulatedSam;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code reader read --port} and {@code reader list} as a separate process against a real serial line:
 * a socat pty pair ({@link VirtualSerialCable}, stopped by PID) with the project's GA/T 467 reader
 * simulator on its far end, in this JVM so that the test can fault it, slow it and pull the cable at
 * the right moment. The command line under test knows nothing of this: it opens the host's end as it
 * would /dev/ttyUSB0. One store for the class; the administrator reads.
 */
class CommandLineSerialReaderTest {

    /** The fields of each {@code reader list --json} entry (src/docs/cli.md). */
    static final List<String> LIST_FIELDS = List.of("id", "name", "kind", "simulated", "status", "path", "baud", "samId",
            "chip", "usbId", "detail", "cardPresent");

    static final String PASSWORD = "Serial-Heron-Password-47";
    static final String PASSPHRASE = "passphrase of the serial reader test store";
    static final String SIMULATOR_SAM = "99.99-20240101-000000001-000000467";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static PaybandProcess admin;

    private VirtualSerialCable cable;
    private SerialReaderSimulator simulator;

    /** The store's backend: its issuer signs the binds. */
    static com.payband.console.sync.TestBackend backend;

    @BeforeAll
    static void store() throws Exception {
        backend = com.payband.console.sync.TestBackend.start(temp.resolve("backend"));
        admin = PaybandProcess.newStoreAsAdmin(temp.resolve("data"), PASSPHRASE, PASSWORD).registerWith(backend);
    }

    @org.junit.jupiter.api.AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @AfterEach
    void unplug() throws InterruptedException {
        if (simulator != null) {
            simulator.close();
        }
        if (cable != null) {
            cable.close();
        }
    }

    @Test
    void aCardIsReadThroughTheSerialPortAsTheSameDocumentedJsonAsFromTheSimulator() throws Exception {
        SimulatedSam sam = reader(LineTiming.real(115200), HostLine.matching());
        sam.insertCard("zhang-wei");

        PaybandProcess.Result read = admin.run("reader", "read", "--port", host(), "--json").expectSuccess();

        JsonNode doc = JSON.readTree(read.stdout());
        List<String> fields = new ArrayList<>(CommandLineReaderTest.DOCUMENTED_FIELDS);
        fields.addAll(CommandLineReaderTest.FURTHER_FIELDS);
        assertThat(fieldNames(doc)).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(doc.get("documentType").asText()).isEqualTo("CN_RESIDENT_ID_CARD");
        assertThat(doc.get("name").asText()).isEqualTo("张伟");
        assertThat(doc.get("nation").asText()).isEqualTo("汉");
        assertThat(doc.get("idNumber").asText()).matches("110101198803150\\d{2}[\\dX]");
        assertThat(doc.get("simulated").asBoolean()).as("read through the simulator's SAM").isTrue();
        assertThat(doc.get("passiveAuthentication").isNull()).isTrue();
        assertThat(doc.get("checks").get("accepted").asBoolean()).isTrue();
        LocalDate from = LocalDate.parse(doc.get("validFrom").asText());
        assertThat(LocalDate.parse(doc.get("validUntil").asText())).isEqualTo(from.plusYears(20));

        JsonNode fromSimulator = JSON.readTree(admin.run("reader", "read", "--sim", "--card", "zhang-wei", "--json")
                .expectSuccess().stdout());
        for (String field : fields) {
            if (!field.startsWith("valid")) { // dates count from today: a run across midnight may differ
                assertThat(doc.get(field)).as(field + " as the in-process simulator gives it").isEqualTo(fromSimulator.get(field));
            }
        }
    }

    /**
     * The support desk re-verifies an owner on the store's serial reader as the enrollment reads a customer: a lost
     * band is taken back into use only with its owner's card on the reader.
     */
    @Test
    void aLostBandIsTakenBackWithItsOwnersCardOnTheSerialReader() throws Exception {
        PaybandProcess clerk = admin.member("clerk.serial", "RETAIL_STAFF");
        PaybandProcess agent = admin.member("agent.serial", "SUPPORT_AGENT");
        clerk.run("enroll", "--sim", "--band", "PB100001").expectSuccess();
        clerk.run("lifecycle", "report-lost", "--band", "PB100001").expectSuccess();
        SimulatedSam sam = reader(LineTiming.real(115200), HostLine.matching());

        // one reader, and a reader there must be
        assertThat(agent.run("lifecycle", "found", "--band", "PB100001").expectFailure(ExitCode.USAGE))
                .contains("Read the owner's document again");
        assertThat(agent.run("lifecycle", "found", "--band", "PB100001", "--sim", "--card", "zhang-wei", "--port",
                host()).expectFailure(ExitCode.USAGE)).contains("from one reader");

        sam.insertCard("ayigul");
        assertThat(agent.run("lifecycle", "found", "--band", "PB100001", "--port", host())
                .expectFailure(ExitCode.REFUSED)).contains("does not belong to the customer");
        sam.removeCard();
        sam.insertCard("zhang-wei");
        assertThat(agent.run("lifecycle", "found", "--band", "PB100001", "--port", host(), "--json").expectSuccess()
                .stdout()).contains("\"state\" : \"ACTIVE\"");
    }

    @Test
    void aSpeedTheReaderDoesNotTalkAtIsToldAsSuch() throws Exception {
        // A 115200-baud reader garbles everything on a 9600-baud line; the simulator is told the host's speed
        // (reading it with stty on every burst is too slow for the 300 ms probe on a busy machine), and the
        // host's end is checked afterwards to have really been set to 9600.
        reader(LineTiming.real(115200), HostLine.fixed(9600)).insertCard("zhang-wei");

        PaybandProcess.Result read = admin.run("reader", "read", "--port", host(), "--baud", "9600", "--json");

        assertThat(read.expectFailure(ExitCode.READER_FAILURE)).isEqualTo("payband: The device on this port does not"
                + " answer like an ID card reader at 9600 baud. Choose another port, or another speed.");
        assertThat(read.stdout()).isEmpty();
        assertThat(stty(cable.hostEnd())).as("the host's end of the line").isEqualTo("9600");
    }

    @Test
    void anEmptyReaderExitsWithTheNoCardCode() throws Exception {
        reader(LineTiming.real(115200), HostLine.matching());

        PaybandProcess.Result read = admin.run("reader", "read", "--port", host());

        assertThat(read.expectFailure(ExitCode.NO_CARD))
                .isEqualTo("payband: No card on the reader. Place the card on the reader and try again.");
        assertThat(read.stdout()).isEmpty();
    }

    @Test
    void aCablePulledBeforeTheReadIsAReaderFailure() throws Exception {
        reader(LineTiming.real(115200), HostLine.matching()).insertCard("zhang-wei");
        String host = host();
        cable.pull();

        PaybandProcess.Result read = admin.run("reader", "read", "--port", host, "--json");

        assertThat(read.expectFailure(ExitCode.READER_FAILURE)).isEqualTo("payband: The reader is not connected. Check its cable.");
        assertThat(read.stdout()).isEmpty();
    }

    @Test
    void aCablePulledWhileTheCardIsBeingReadEndsTheCommandAtOnce() throws Exception {
        // The line at a tenth of 115200: the read's 1295-byte answer takes about 1.1 s to cross, and the
        // cable is pulled 200 ms into it.
        SimulatedSam sam = reader(new LineTiming(115200, 10.0), HostLine.matching());
        sam.insertCard("zhang-wei");
        AtomicLong pulledAt = new AtomicLong();
        simulator.onCommand(command -> {
            if (command == SamCommand.READ_TEXT_AND_PHOTO) {
                CompletableFuture.runAsync(() -> {
                    try {
                        cable.pull();
                        pulledAt.set(System.nanoTime());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
            }
        });

        PaybandProcess.Result read = admin.run("reader", "read", "--port", host());

        assertThat(read.expectFailure(ExitCode.READER_FAILURE)).isEqualTo("payband: The reader is not connected. Check its cable.");
        assertThat(read.stdout()).isEmpty();
        // told as the pulled cable, not as the read's own 10 s deadline running out
        assertThat(pulledAt.get()).as("the cable was pulled during the read").isNotZero();
    }

    @Test
    void nothingOnTheLineIsToldApartFromACableProblem() throws Exception {
        cable = VirtualSerialCable.start(temp.resolve("cable-silent"));

        PaybandProcess.Result read = admin.run("reader", "read", "--port", host());

        assertThat(read.expectFailure(ExitCode.READER_FAILURE)).isEqualTo("payband: Nothing answers on this port (tried"
                + " 115200, 9600 baud). Check that this is the ID card reader's port and that the reader is plugged in.");
    }

    @Test
    void aBrokenSecurityModuleIsNotBlamedOnTheCable() throws Exception {
        reader(LineTiming.real(115200), HostLine.matching()).samStatus(SamStatus.SAM_NOT_AUTHORISED);

        PaybandProcess.Result read = admin.run("--lang", "zh", "reader", "read", "--port", host());

        assertThat(read.expectFailure(ExitCode.READER_FAILURE))
                .isEqualTo("payband：读卡器的安全模块未获授权：此读卡器无法读卡。请联系其供应商。");
    }

    @Test
    void theListShowsTheSimulatorAndTheReaderOnTheWatchedPort() throws Exception {
        reader(LineTiming.real(115200), HostLine.matching());

        PaybandProcess.Result list = admin.run("reader", "list", "--json", "--ports", host()).expectSuccess();

        List<JsonNode> readers = StreamSupport.stream(JSON.readTree(list.stdout()).get("readers").spliterator(), false)
                .toList();
        for (JsonNode r : readers) {
            assertThat(fieldNames(r)).as(r.toString()).containsExactlyElementsOf(LIST_FIELDS);
        }
        JsonNode sim = readers.get(0);
        assertThat(sim.get("id").asText()).isEqualTo("sim:0");
        assertThat(sim.get("kind").asText()).isEqualTo("SIMULATOR");
        assertThat(sim.get("status").asText()).isEqualTo("READY");
        assertThat(sim.get("simulated").asBoolean()).isTrue();
        assertThat(sim.get("path").isNull()).isTrue();

        JsonNode port = readers.stream().filter(r -> host().equals(r.get("path").asText(null))).findFirst().orElseThrow(
                () -> new AssertionError("no entry for " + host() + " in\n" + list.stdout()));
        assertThat(port.get("id").asText()).isEqualTo("serial:" + host());
        assertThat(port.get("kind").asText()).isEqualTo("SERIAL_GAT467");
        assertThat(port.get("status").asText()).isEqualTo("READER");
        assertThat(port.get("baud").asInt()).isEqualTo(115200);
        assertThat(port.get("samId").asText()).isEqualTo(SIMULATOR_SAM);
        assertThat(port.get("simulated").asBoolean()).isTrue();
        assertThat(port.get("chip").isNull()).as("a pty is on no chip").isTrue();
        assertThat(port.get("usbId").isNull()).isTrue();
        assertThat(port.get("detail").asText()).contains(SIMULATOR_SAM);

        PaybandProcess.Result table = admin.run("reader", "list", "--ports", host()).expectSuccess();
        assertThat(table.stdout().lines().filter(l -> l.startsWith("serial:" + host())).findFirst().orElseThrow())
                .contains("ID card reader (simulated)", "115200", SIMULATOR_SAM, "other port");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            reader read --sim --port /dev/ttyUSB0         | Choose one reader: --sim or --port, not both.
            reader read --port /dev/ttyUSB0 --card ayigul | --card, --no-card and --fault are the simulator's: use them with --sim, not with --port.
            reader read --sim --baud 9600                 | --baud is the speed of the reader on --port: give --port PATH as well.
            reader read --port /dev/ttyUSB0 --baud 0      | 0 is not a line speed: give the reader's speed in baud, such as 115200 or 9600.
            reader read                                   | Choose a reader: --sim for the simulator, --port PATH [--baud N] for an ID card reader, or --pcsc NAME --mrz TEXT for a passport (see "reader list").
            reader list --ports /dev/*/ttyUSB*            | Cannot look for readers under "/dev/*/ttyUSB*": only the file name of a device pattern may have wildcards (such as /dev/serial/by-id/usb-1a86*).
            """)
    void aReaderChosenWronglyIsAUsageError(String command, String message) {
        PaybandProcess.Result run = admin.run(command.split(" "));

        assertThat(run.expectFailure(ExitCode.USAGE)).isEqualTo("payband: " + message);
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void everyProbeOutcomeAndPortRankHasItsWords() {
        for (Locale locale : Messages.SUPPORTED) {
            Messages m = new Messages(locale);
            for (ProbedPort.Outcome o : ProbedPort.Outcome.values()) {
                assertThat(m.has("readerProbe." + o)).as(locale + " readerProbe." + o).isTrue();
            }
            for (PortRank r : PortRank.values()) {
                assertThat(m.has("portRank." + r)).as(locale + " portRank." + r).isTrue();
            }
            for (SerialLineException.Kind k : SerialLineException.Kind.values()) {
                assertThat(m.has("error.read.line." + k)).as(locale + " error.read.line." + k).isTrue();
            }
        }
    }

    /** The cable, and the reader simulator attached to its far end with an empty reader; returns its SAM. */
    private SimulatedSam reader(LineTiming timing, HostLine hostLine) throws Exception {
        cable = VirtualSerialCable.start(temp.resolve("cable-" + System.nanoTime()));
        SimulatedSam sam = new SimulatedSam(Clock.systemUTC());
        simulator = SerialReaderSimulator.attach(sam, cable.simEnd().toString(), timing, hostLine);
        return sam;
    }

    private String host() {
        return cable.hostEnd().toString();
    }

    /** The speed set on a pty (the kernel keeps it, though a pty ignores it). */
    private static String stty(Path tty) throws IOException, InterruptedException {
        Process stty = new ProcessBuilder("stty", "-F", tty.toString(), "speed").redirectErrorStream(true).start();
        String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(stty.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
