package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReadProgress;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.ReaderState;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.serial.sim.LineTiming;
import com.payband.drivers.idcard.serial.sim.SerialFault;
import com.payband.drivers.idcard.sim.SampleDocument;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against the reader simulator over a real pty pair (socat): reads, failures, recovery.
 * Line time is off here unless timing is the point.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SerialReaderPeerTest {

    @TempDir
    Path dir;

    private ReaderRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = ReaderRig.start(dir, LineTiming.instant(115200));
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    @Test
    void readsEveryResidentSamplePersonFieldForField() throws Exception {
        int read = 0;
        for (SampleDocument sample : SampleDocuments.all()) {
            IdDocument expected = sample.document(ReaderRig.CLOCK);
            if (!(expected instanceof ResidentIdCard) || !sample.chipGenuine()) {
                continue;
            }
            rig.sam.insertCard(sample);
            List<ReadProgress> progress = new CopyOnWriteArrayList<>();
            IdDocument document = rig.reader.read(ReadRequest.plain(), progress::add).get(5, TimeUnit.SECONDS);
            assertThat(document).as(sample.id()).isEqualTo(expected);
            assertThat(document.simulated()).isTrue();
            assertThat(progress).extracting(ReadProgress::stage).containsExactly(ReadProgress.Stage.DETECTING_CARD,
                    ReadProgress.Stage.AUTHENTICATING, ReadProgress.Stage.READING_TEXT, ReadProgress.Stage.READING_PORTRAIT,
                    ReadProgress.Stage.VERIFYING, ReadProgress.Stage.DONE);
            read++;
        }
        assertThat(read).isEqualTo(5);
        assertThat(rig.reader.samId()).contains(com.payband.drivers.idcard.serial.sim.SimulatedSam.SIMULATOR_ID);
        assertThat(rig.reader.baud()).hasValue(115200);
        assertThat(rig.reader.info().kind()).isEqualTo(ReaderKind.SERIAL_GAT467);
        assertThat(rig.reader.info().id()).isEqualTo("serial:" + rig.cable.hostEnd());
        assertThat(rig.reader.info().simulated()).isTrue();
        assertThat(rig.reader.state()).isEqualTo(ReaderState.READY);
    }

    @Test
    void aCounterfeitChipAndAPassportAreRefusedWithTheirOwnFailures() throws Exception {
        rig.sam.insertCard("counterfeit");
        assertFails(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.INVALID_DOCUMENT);
        rig.sam.insertCard("passport-anna");
        assertFails(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.UNREADABLE_DOCUMENT);
    }

    @Test
    void noCard() throws Exception {
        IdCardReadException e = assertFails(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.NO_CARD);
        assertThat(e.getCause()).isInstanceOfSatisfying(SamStatusException.class,
                s -> assertThat(s.status()).isEqualTo(SamStatus.NO_CARD));
        rig.sam.insertCard("zhang-wei");
        assertThat(rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void cardRemovedDuringTheRead() throws Exception {
        rig.sam.insertCard("zhang-wei");
        rig.sam.inject(SerialFault.CARD_REMOVED_DURING_READ);
        assertFails(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.CARD_REMOVED);
        assertThat(List.copyOf(rig.events)).containsExactly(new ReaderEvent.CardPresent(rig.reader.info()),
                new ReaderEvent.CardRemoved(rig.reader.info()));
        assertFails(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.NO_CARD);
    }

    @Test
    void aChecksumErrorIsRetriedAndTheReadSucceeds() throws Exception {
        rig.sam.insertCard("ayigul");
        rig.sam.inject(SerialFault.CHECKSUM_ERROR, SamCommand.READ_TEXT_AND_PHOTO, 1);
        ResidentIdCard card = (ResidentIdCard) rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS);
        assertThat(card.longTerm()).isTrue();
    }

    @Test
    void aLineThatKeepsCorruptingFailsAsACommunicationErrorAndTheReaderRecovers() throws Exception {
        rig.sam.insertCard("zhang-wei");
        rig.sam.inject(SerialFault.CHECKSUM_ERROR, SamCommand.READ_TEXT_AND_PHOTO, 3);
        assertFails(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.COMMUNICATION_ERROR);
        assertThat(rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void truncatedGarbageAndBogusFramesAndDamagedCommandsAreSurvived() throws Exception {
        rig.sam.insertCard("chen-xiao-minor");
        for (SerialFault fault : List.of(SerialFault.TRUNCATED_FRAME, SerialFault.GARBAGE_BEFORE_ANSWER,
                SerialFault.BOGUS_FRAME_BEFORE_ANSWER, SerialFault.COMMAND_DAMAGED)) {
            rig.sam.inject(fault, SamCommand.READ_TEXT_AND_PHOTO, 1);
            rig.sam.inject(fault, SamCommand.FIND_CARD, 1);
            assertThat(rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS)).as(fault.name()).isNotNull();
        }
    }

    @Test
    void aSilentReaderTimesOutWithinItsBoundAndTheNextReadWorks() throws Exception {
        rig.sam.insertCard("zhang-wei");
        rig.reader.connect().get(5, TimeUnit.SECONDS);
        rig.sam.inject(SerialFault.SILENT, SamCommand.FIND_CARD, 1);
        long t0 = System.nanoTime();
        assertFailsWithin(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.TIMEOUT,
                ReaderRig.settings().answerTimeout().plusSeconds(2));
        // it waited its whole answer timeout before giving up (a silent reader is given its due)
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(
                ReaderRig.settings().answerTimeout().minusMillis(10));
        assertThat(rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aSlowReaderWithinTheAnswerTimeoutIsReadAndASlowerOneTimesOut() throws Exception {
        rig.sam.insertCard("zhang-wei");
        rig.reader.connect().get(5, TimeUnit.SECONDS);
        rig.sam.thinking(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        rig.reader.close();

        try (SerialIdCardReader impatient = SerialIdCardReader.open(rig.cable.hostEnd().toString(),
                ReaderRig.settings().withAnswerTimeout(Duration.ofMillis(150)))) {
            rig.sam.thinking(Duration.ZERO);
            impatient.connect().get(5, TimeUnit.SECONDS);
            rig.sam.thinking(Duration.ofMillis(400));
            assertFails(impatient.read(ReadRequest.plain(), p -> { }), Failure.TIMEOUT);
            rig.sam.thinking(Duration.ZERO);
            assertThat(impatient.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aSamFaultIsReportedAsTheReaderBeingUnusableWithTheStatusAsCause() throws Exception {
        rig.sam.samStatus(SamStatus.SAM_SELF_TEST_FAILED);
        IdCardReadException e = assertFails(rig.reader.read(ReadRequest.plain(), p -> { }), Failure.READER_UNAVAILABLE);
        assertThat(e.getCause()).isInstanceOfSatisfying(SamStatusException.class,
                s -> assertThat(s.status()).isEqualTo(SamStatus.SAM_SELF_TEST_FAILED));
    }

    @Test
    void aCancelledReadStopsAndLeavesTheReaderReady() throws Exception {
        rig.sam.insertCard("zhang-wei");
        rig.reader.connect().get(5, TimeUnit.SECONDS);
        rig.sam.thinking(Duration.ofMillis(400));
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<IdDocument> read = rig.reader.read(ReadRequest.plain(), p -> reading.countDown());
        assertThat(reading.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(rig.reader.read(ReadRequest.plain(), p -> { }))
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .satisfies(e -> assertThat(((IdCardReadException) e.getCause()).failure()).isEqualTo(Failure.BUSY));
        read.cancel(true);
        assertThatThrownBy(read::join).isInstanceOf(CancellationException.class);
        rig.sam.thinking(Duration.ZERO);
        assertThat(rig.reader.read(ReadRequest.plain(), p -> { }).get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void closingTheReaderFailsAReadInProgressAndEndsItsThreads() throws Exception {
        rig.sam.insertCard("zhang-wei");
        rig.reader.connect().get(5, TimeUnit.SECONDS);
        rig.sam.thinking(Duration.ofMillis(500));
        CompletableFuture<IdDocument> read = rig.reader.read(ReadRequest.plain(), p -> { });
        Thread.sleep(100);
        rig.reader.close();
        assertFails(read, Failure.READER_UNAVAILABLE);
        assertThat(rig.reader.awaitStopped(Duration.ofSeconds(2))).isTrue();
        assertThat(rig.reader.state()).isEqualTo(ReaderState.ABSENT);
    }

    static IdCardReadException assertFails(CompletableFuture<?> future, Failure failure) {
        return assertFailsWithin(future, failure, Duration.ofSeconds(10));
    }

    /** The read fails this way, and says so before {@code within} has passed (a wait for the event, not a stopwatch). */
    static IdCardReadException assertFailsWithin(CompletableFuture<?> future, Failure failure, Duration within) {
        Throwable cause = org.assertj.core.api.Assertions.catchThrowable(() -> future.get(within.toMillis(),
                TimeUnit.MILLISECONDS));
        assertThat(cause).isInstanceOf(ExecutionException.class);
        assertThat(cause.getCause()).isInstanceOfSatisfying(IdCardReadException.class,
                e -> assertThat(e.failure()).as(e.getMessage()).isEqualTo(failure));
        return (IdCardReadException) cause.getCause();
    }
}
