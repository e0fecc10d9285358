package com.payband.drivers.idcard.serial;

import static com.payband.drivers.idcard.serial.SerialReaderPeerTest.assertFails;
import static com.payband.drivers.idcard.serial.SerialReaderPeerTest.assertFailsWithin;
import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.ReaderState;
import com.payband.drivers.idcard.serial.sim.HostLine;
import com.payband.drivers.idcard.serial.sim.LineTiming;
import com.payband.drivers.idcard.serial.sim.SerialReaderSimulator;
import com.payband.drivers.idcard.serial.sim.SimulatedSam;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line itself: modelled line time, a speed mismatch and the fallback to 9600, the cable pulled in
 * the middle of a read, a reader appearing and disappearing under a watched glob, discovery, and the
 * simulator as a process of its own.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialReaderLinePeerTest {

    @TempDir
    Path dir;

    @Test
    void aReadTakesTheLineTimeOfItsBytesAtTheModelledSpeed() throws Exception {
        try (ReaderRig rig = ReaderRig.start(dir, LineTiming.real(115200), HostLine.matching(), ReaderRig.settings(), null)) {
            rig.sam.insertCard("zhang-wei");
            rig.reader.connect().get(5, TimeUnit.SECONDS);
            SerialReaderSimulator.Traffic before = rig.simulator.traffic();
            long t0 = System.nanoTime();
            rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS);
            long took = System.nanoTime() - t0;
            SerialReaderSimulator.Traffic after = rig.simulator.traffic();
            long bytes = after.bytesIn() - before.bytesIn() + after.bytesOut() - before.bytesOut();
            assertThat(bytes).isEqualTo(10 + 15 + 10 + 19 + 10 + 1295);
            long wire = LineTiming.wireNanos(bytes, 115200);
            assertThat(took).isGreaterThanOrEqualTo(wire); // how much longer is the benchmark's business
        }
    }

    @Test
    void aReaderAt9600AnswersNoiseAt115200AndTheDriverFallsBack() throws Exception {
        try (ReaderRig rig = ReaderRig.start(dir, new LineTiming(9600, 0.05), null, ReaderRig.settings(), null)) {
            rig.sam.insertCard("wang-fang-expired");
            IdDocument doc = rig.reader.read(ReadRequest.plain(), p -> { }).get(8, TimeUnit.SECONDS);
            assertThat(doc.fullName()).isEqualTo("王芳");
            assertThat(rig.reader.baud()).hasValue(9600);
            rig.reader.close();

            try (SerialIdCardReader fixed = SerialIdCardReader.open(rig.cable.hostEnd().toString(), 115200, ReaderRig.settings())) {
                IdCardReadException e = assertFails(fixed.read(ReadRequest.plain(), p -> { }), Failure.COMMUNICATION_ERROR);
                assertThat(e.getMessage()).contains("115200 baud: noise").contains("not in GA/T 467 frames");
                assertThat(e.getCause()).isInstanceOfSatisfying(SerialLineException.class, line -> {
                    assertThat(line.kind()).isEqualTo(SerialLineException.Kind.NOISE);
                    assertThat(line.bauds()).containsExactly(115200);
                });
            }
            SerialReaderDiscovery discovery = new SerialReaderDiscovery(List::of, List.of(), ReaderRig.settings());
            assertThat(discovery.probe(rig.cable.hostEnd().toString(), OptionalInt.of(115200)).outcome())
                    .isEqualTo(ProbedPort.Outcome.NOISE);
            ProbedPort found = discovery.probe(rig.cable.hostEnd().toString(), OptionalInt.empty());
            assertThat(found.outcome()).isEqualTo(ProbedPort.Outcome.READER);
            assertThat(found.baud()).hasValue(9600);
            assertThat(found.simulated()).isTrue();
        }
    }

    @Test
    void nothingAnsweringAtAnySpeedIsATimeout() throws Exception {
        try (VirtualSerialCable cable = VirtualSerialCable.start(dir);
                SerialIdCardReader reader = SerialIdCardReader.open(cable.hostEnd().toString(), ReaderRig.settings())) {
            IdCardReadException e = assertFailsWithin(reader.read(ReadRequest.plain(), p -> { }), Failure.TIMEOUT,
                    Duration.ofSeconds(2));
            assertThat(e.getMessage()).contains("115200 baud: no answer").contains("9600 baud: no answer");
            assertThat(e.getCause()).isInstanceOfSatisfying(SerialLineException.class,
                    line -> assertThat(line.kind()).isEqualTo(SerialLineException.Kind.NO_ANSWER));
        }
    }

    @Test
    void pullingTheCableMidReadFailsTheReadCleanlyAndQuickly() throws Exception {
        try (ReaderRig rig = ReaderRig.start(dir, LineTiming.real(115200), HostLine.matching(), ReaderRig.settings(), null)) {
            rig.sam.insertCard("zhang-wei");
            rig.reader.connect().get(5, TimeUnit.SECONDS);
            rig.sam.thinking(Duration.ofMillis(20));
            rig.simulator.onCommand(command -> {
                if (command == SamCommand.READ_TEXT_AND_PHOTO) {
                    // pulled while the answer is on the line (it takes ~112 ms at 115200)
                    new Thread(() -> {
                        try {
                            Thread.sleep(60);
                            rig.cable.pull();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }).start();
                }
            });
            CompletableFuture<IdDocument> read = rig.reader.read(ReadRequest.plain(), p -> { });
            IdCardReadException e = assertFailsWithin(read, Failure.READER_UNAVAILABLE, Duration.ofSeconds(1));
            assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
            assertThat(rig.reader.state()).isEqualTo(ReaderState.ABSENT);
            assertThat(rig.events).contains(new ReaderEvent.ReaderRemoved(rig.reader.info()));
            assertThat(rig.simulator.awaitStopped(Duration.ofSeconds(2))).isTrue();
            assertThat(rig.simulator.lineFailed()).isTrue();
            // and a read on the pulled cable fails at once, without hanging
            assertFails(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.READER_UNAVAILABLE);
        }
    }

    @Test
    void aReaderAppearingAndDisappearingUnderAWatchedGlobIsNoticedWithinTwoSeconds() throws Exception {
        Path devices = Files.createDirectories(dir.resolve("dev"));
        Path device = devices.resolve("ttyUSB0");
        try (VirtualSerialCable cable = VirtualSerialCable.start(dir.resolve("cable"));
                DeviceWatcher watcher = DeviceWatcher.ofGlobs(List.of(devices + "/ttyUSB*"), DeviceWatcher.DEFAULT_INTERVAL).start();
                SerialReaderSimulator simulator = SerialReaderSimulator.attach(new SimulatedSam(ReaderRig.CLOCK),
                        cable.simEnd().toString(), LineTiming.instant(115200), HostLine.matching());
                SerialIdCardReader reader = SerialIdCardReader.open(device.toString(), OptionalInt.empty(), ReaderRig.settings(), watcher)) {
            LinkedBlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();
            reader.subscribe(events::add);
            assertThat(reader.state()).isEqualTo(ReaderState.ABSENT);
            assertFails(reader.read(ReadRequest.plain(), p -> { }), Failure.READER_UNAVAILABLE);

            Files.createSymbolicLink(device, cable.hostEnd());
            assertThat(events.poll(2, TimeUnit.SECONDS)).isInstanceOf(ReaderEvent.ReaderAttached.class);
            assertThat(reader.state()).isEqualTo(ReaderState.READY);
            simulator.sam().insertCard("zhang-wei");
            assertThat(reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS).fullName()).isEqualTo("张伟");
            events.clear();

            simulator.sam().thinking(Duration.ofSeconds(1)); // a read that is still going when the reader goes
            CompletableFuture<IdDocument> read = reader.read(ReadRequest.plain(), p -> { });
            Thread.sleep(100);
            Files.delete(device);
            assertFailsWithin(read, Failure.READER_UNAVAILABLE, Duration.ofSeconds(2));
            assertThat(events.poll(1, TimeUnit.SECONDS)).isInstanceOf(ReaderEvent.ReaderRemoved.class);
            assertThat(reader.state()).isEqualTo(ReaderState.ABSENT);

            simulator.sam().thinking(Duration.ZERO);
            Files.createSymbolicLink(device, cable.hostEnd());
            assertThat(events.poll(2, TimeUnit.SECONDS)).isInstanceOf(ReaderEvent.ReaderAttached.class);
            Thread.sleep(1100); // let the abandoned answer to the last read finish arriving
            assertThat(reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS).fullName()).isEqualTo("张伟");
        }
    }

    @Test
    void discoveryListsTheReaderUnderAWatchedGlobWithItsSam() throws Exception {
        Path devices = Files.createDirectories(dir.resolve("dev"));
        try (VirtualSerialCable cable = VirtualSerialCable.start(dir.resolve("cable"));
                VirtualSerialCable silent = VirtualSerialCable.start(dir.resolve("silent"));
                SerialReaderSimulator simulator = SerialReaderSimulator.attach(new SimulatedSam(ReaderRig.CLOCK),
                        cable.simEnd().toString(), LineTiming.instant(115200), HostLine.matching())) {
            Files.createSymbolicLink(devices.resolve("ttyUSB1"), cable.hostEnd());
            Files.createSymbolicLink(devices.resolve("ttyUSB0"), silent.hostEnd());
            List<String> globs = List.of(devices + "/ttyUSB*");
            SerialReaderDiscovery discovery = new SerialReaderDiscovery(PortScanner.globs(globs), globs, ReaderRig.settings());
            // the probes run side by side: both ports answered (or not) within one probe's time
            List<ProbedPort> ports = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2),
                    discovery::probeAll);
            assertThat(ports).extracting(ProbedPort::path)
                    .containsExactly(devices.resolve("ttyUSB0").toString(), devices.resolve("ttyUSB1").toString());
            assertThat(ports.get(0).outcome()).isEqualTo(ProbedPort.Outcome.NO_ANSWER);
            assertThat(ports.get(1).outcome()).isEqualTo(ProbedPort.Outcome.READER);
            assertThat(ports.get(1).samId()).contains(SimulatedSam.SIMULATOR_ID);
            assertThat(ports.get(1).baud()).hasValue(115200);
            assertThat(discovery.findFirst()).map(ProbedPort::path).contains(devices.resolve("ttyUSB1").toString());
            // the system's own list (whatever this machine has) plus the watched device files
            assertThat(SerialReaderDiscovery.system(globs, ReaderRig.settings()).candidates())
                    .extracting(r -> r.port().path()).contains(devices.resolve("ttyUSB1").toString());

            // a port the console already holds open shows as unavailable (jSerialComm locks the ports it opens)
            try (SerialIdCardReader open = SerialIdCardReader.open(devices.resolve("ttyUSB1").toString(), ReaderRig.settings())) {
                open.connect().get(5, TimeUnit.SECONDS);
                assertThat(discovery.probe(devices.resolve("ttyUSB1").toString(), OptionalInt.empty()).outcome())
                        .isEqualTo(ProbedPort.Outcome.UNAVAILABLE);
            }
        }
    }

    @Test
    void theSimulatorRunsAsAProcessOfItsOwnOnTheFarEndOfTheCable() throws Exception {
        try (VirtualSerialCable cable = VirtualSerialCable.start(dir)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process sim = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "com.payband.drivers.idcard.serial.sim.SerialReaderSimulatorMain",
                    "--port", cable.simEnd().toString(), "--card", "ayigul", "--line-scale", "0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
                    Writer in = new java.io.OutputStreamWriter(sim.getOutputStream(), StandardCharsets.UTF_8);
                    SerialIdCardReader reader = SerialIdCardReader.open(cable.hostEnd().toString(), ReaderRig.settings())) {
                assertThat(out.readLine()).startsWith("ready " + cable.simEnd());
                assertThat(reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS).fullName()).isEqualTo("阿依古丽·买买提");
                in.write("remove\n");
                in.flush();
                assertThat(out.readLine()).isEqualTo("ok");
                assertFails(reader.read(ReadRequest.plain(), p -> { }), Failure.NO_CARD);
                in.write("fault nonsense\n");
                in.flush();
                assertThat(out.readLine()).startsWith("error:");
                in.write("quit\n");
                in.flush();
                assertThat(out.readLine()).isEqualTo("ok");
                assertThat(sim.waitFor(5, TimeUnit.SECONDS)).isTrue();
                assertThat(sim.exitValue()).isZero();
            } finally {
                sim.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
