package com.payband.drivers.idcard.serial;

import static com.payband.drivers.idcard.serial.SerialReaderPeerTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.serial.sim.HostLine;
import com.payband.drivers.idcard.serial.sim.LineTiming;
import com.payband.drivers.idcard.serial.sim.SerialFault;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A GA/T 467 reader behind a USB-serial adapter on a noisy line, over a real pty pair with the line
 * time modelled at 115200 baud: stray bytes, a fake preamble with a plausible length, a half frame left
 * from an earlier exchange, noise between two frames. Bytes that are not a frame never end the wait
 * for one, and the real answer that arrives after them is read, not resent and drained away. Positive
 * controls: the same read on a clean line, and noise with no answer at all failing as noise.
 */
class SerialReaderNoisyLineTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SerialFault.class, names = {"STRAY_BYTES_THEN_LATE_ANSWER", "FAKE_PREAMBLE_THEN_LATE_ANSWER",
            "HALF_FRAME_THEN_LATE_ANSWER", "NOISE_AFTER_ANSWER"})
    void theAnswerAfterTheNoiseIsReadWithoutSendingTheCommandAgain(SerialFault fault) throws Exception {
        for (SamCommand noisy : new SamCommand[] {SamCommand.FIND_CARD, SamCommand.READ_TEXT_AND_PHOTO}) {
            try (ReaderRig rig = ReaderRig.start(dir.resolve(fault + "-" + noisy), LineTiming.real(115200),
                    HostLine.matching(), ReaderRig.settings(), null)) {
                Map<SamCommand, AtomicInteger> sent = new ConcurrentHashMap<>();
                rig.simulator.onCommand(c -> sent.computeIfAbsent(c, k -> new AtomicInteger()).incrementAndGet());
                rig.sam.insertCard("zhang-wei");
                rig.reader.connect().get(5, TimeUnit.SECONDS);
                sent.clear();
                rig.sam.inject(fault, noisy, 1);
                assertThat(rig.reader.read(ReadRequest.plain(), p -> { }).get(8, TimeUnit.SECONDS).fullName())
                        .as(fault + " on " + noisy).isEqualTo("张伟");
                assertThat(sent.get(noisy).get()).as(noisy + " sent once: its answer was waited for").isEqualTo(1);
                assertThat(sent.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            }
        }
    }

    @ParameterizedTest(name = "control: {0}")
    @EnumSource(value = SerialFault.class, names = {"NOISE_INSTEAD_OF_ANSWER"})
    void aCleanLineReadsAndNoiseWithoutAnAnswerFailsAsNoise(SerialFault noiseAlone) throws Exception {
        try (ReaderRig rig = ReaderRig.start(dir, LineTiming.real(115200), HostLine.matching(), ReaderRig.settings(), null)) {
            rig.sam.insertCard("zhang-wei");
            assertThat(rig.reader.read(ReadRequest.plain(), p -> { }).get(8, TimeUnit.SECONDS).fullName()).isEqualTo("张伟");
            // every try of the command gets only noise: said as noise, after the resends
            rig.sam.inject(noiseAlone, SamCommand.FIND_CARD, ReaderRig.settings().resends() + 1);
            IdCardReadException e = assertFails(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.COMMUNICATION_ERROR);
            assertThat(e.getMessage()).contains("noise").contains("no frame")
                    .contains("after " + (ReaderRig.settings().resends() + 1) + " tries");
            // and the reader is fine once the line is
            assertThat(rig.reader.read(ReadRequest.plain(), p -> { }).get(8, TimeUnit.SECONDS).fullName()).isEqualTo("张伟");
        }
    }
}
