package com.payband.drivers.idcard.sim;

import static com.payband.drivers.idcard.ReadProgress.Stage.AUTHENTICATING;
import static com.payband.drivers.idcard.ReadProgress.Stage.DETECTING_CARD;
import static com.payband.drivers.idcard.ReadProgress.Stage.DONE;
import static com.payband.drivers.idcard.ReadProgress.Stage.READING_PORTRAIT;
import static com.payband.drivers.idcard.ReadProgress.Stage.READING_TEXT;
import static com.payband.drivers.idcard.ReadProgress.Stage.VERIFYING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.IdCardReader.Subscription;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ReadProgress;
import com.payband.drivers.idcard.ReadProgress.Stage;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.ReaderEvent.CardPresent;
import com.payband.drivers.idcard.ReaderEvent.CardRemoved;
import com.payband.drivers.idcard.ReaderEvent.ReaderAttached;
import com.payband.drivers.idcard.ReaderEvent.ReaderRemoved;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.ReaderState;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.TravelDocument;
import com.payband.drivers.idcard.check.DocumentCheck;
import com.payband.drivers.idcard.check.DocumentProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatedIdCardReaderTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    private static final Clock CLOCK = Clock.fixed(TODAY.atTime(11, 0).atZone(SHANGHAI).toInstant(), SHANGHAI);
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Long enough that a SILENT read is still running when a test acts on it. */
    private static final Duration NEVER = Duration.ofMinutes(10);

    private final List<ReaderEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> eventThreads = new CopyOnWriteArrayList<>();
    private SimulatedIdCardReader reader;
    private ReaderInfo info;

    @BeforeEach
    void startReader() {
        reader = new SimulatedIdCardReader(SimulatorSettings.instant(CLOCK).withTimeout(NEVER));
        info = reader.info();
        reader.subscribe(event -> {
            events.add(event);
            eventThreads.add(Thread.currentThread().getName());
        });
    }

    @AfterEach
    void closeReader() {
        reader.close();
    }

    @Test
    void introducesItselfAsASimulator() {
        assertThat(info).isEqualTo(new ReaderInfo("sim:0", "Simulated ID card reader 0", ReaderKind.SIMULATOR, true));
        try (SimulatedIdCardReader second = new SimulatedIdCardReader(2, SimulatorSettings.instant(CLOCK))) {
            assertThat(second.info().id()).isEqualTo("sim:2");
        }
        assertThat(reader.state()).isEqualTo(ReaderState.READY);
    }

    @Nested
    class CardsAndCables {

        @Test
        void insertingAndRemovingACardChangesStateAndPublishesEvents() throws Exception {
            reader.insertCard("zhang-wei");
            assertThat(reader.state()).isEqualTo(ReaderState.CARD_PRESENT);

            reader.removeCard();
            assertThat(reader.state()).isEqualTo(ReaderState.READY);
            reader.removeCard(); // nothing there: nothing to say

            assertThat(delivered()).containsExactly(new CardPresent(info), new CardRemoved(info));
        }

        @Test
        void placingASecondCardTakesTheFirstOffFirst() throws Exception {
            reader.insertCard("zhang-wei");
            reader.insertCard("ayigul");

            assertThat(delivered())
                    .containsExactly(new CardPresent(info), new CardRemoved(info), new CardPresent(info));
        }

        @Test
        void anUnpluggedReaderIsAbsentAndSeesItsCardAgainWhenPluggedIn() throws Exception {
            reader.insertCard("zhang-wei");
            reader.unplug();
            assertThat(reader.state()).isEqualTo(ReaderState.ABSENT);
            reader.unplug(); // already out

            reader.plugIn();
            assertThat(reader.state()).isEqualTo(ReaderState.CARD_PRESENT);
            reader.plugIn(); // already in

            assertThat(delivered()).containsExactly(
                    new CardPresent(info), new ReaderRemoved(info), new ReaderAttached(info), new CardPresent(info));
        }

        @Test
        void aCardPlacedOnAnUnpluggedReaderIsSeenOnlyOncePluggedIn() throws Exception {
            reader.unplug();
            reader.insertCard("zhang-wei");
            reader.removeCard();
            reader.insertCard("ayigul");
            assertThat(reader.state()).isEqualTo(ReaderState.ABSENT);

            reader.plugIn();

            assertThat(delivered())
                    .containsExactly(new ReaderRemoved(info), new ReaderAttached(info), new CardPresent(info));
        }

        @Test
        void eventsArriveOnTheReaderThread() throws Exception {
            reader.insertCard("zhang-wei");
            reader.removeCard();
            delivered();

            assertThat(eventThreads).hasSize(2).containsOnly("idcard-sim-0");
        }

        @Test
        void aThrowingListenerDoesNotBreakTheReader() throws Exception {
            reader.subscribe(event -> {
                throw new IllegalStateException("listener bug");
            });
            List<ReaderEvent> late = new CopyOnWriteArrayList<>();
            reader.subscribe(late::add);

            reader.insertCard("zhang-wei");
            IdDocument document = read(reader.read(ReadRequest.plain(), p -> { }));

            assertThat(document.fullName()).isEqualTo("张伟");
            assertThat(delivered()).containsExactly(new CardPresent(info));
            assertThat(late).containsExactly(new CardPresent(info));
        }

        @Test
        void closingASubscriptionStopsItsEvents() throws Exception {
            List<ReaderEvent> seen = new CopyOnWriteArrayList<>();
            Subscription subscription = reader.subscribe(seen::add);
            Consumer<ReaderEvent> shared = seen::add;
            reader.subscribe(shared);
            Subscription twice = reader.subscribe(shared);

            reader.insertCard("zhang-wei");
            delivered();
            subscription.close();
            twice.close();
            reader.removeCard();
            delivered();

            assertThat(seen).containsExactly(new CardPresent(info), new CardPresent(info), new CardPresent(info),
                    new CardRemoved(info));
        }

        @Test
        void anUnknownSampleIsRefused() {
            assertThatThrownBy(() -> reader.insertCard("nobody")).isInstanceOf(IllegalArgumentException.class);
            assertThat(reader.state()).isEqualTo(ReaderState.READY);
        }
    }

    @Nested
    class Reads {

        @Test
        void readsACardThroughEveryStageOnTheReaderThread() throws Exception {
            reader.insertCard("zhang-wei");
            List<ReadProgress> progress = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();

            IdDocument document = read(reader.read(ReadRequest.plain(), p -> {
                progress.add(p);
                threads.add(Thread.currentThread().getName());
            }));

            assertThat(document).isEqualTo(SampleDocuments.byName("zhang-wei").orElseThrow().document(CLOCK));
            assertThat(document.simulated()).isTrue();
            assertThat(progress).extracting(ReadProgress::stage)
                    .containsExactly(DETECTING_CARD, AUTHENTICATING, READING_TEXT, READING_PORTRAIT, VERIFYING, DONE);
            assertThat(progress).extracting(ReadProgress::fraction)
                    .startsWith(0.0).endsWith(1.0).isSorted().doesNotHaveDuplicates();
            assertThat(threads).containsOnly("idcard-sim-0");
            assertThat(reader.state()).isEqualTo(ReaderState.CARD_PRESENT);
        }

        @Test
        void theReaderIsFreeAgainWhenTheFutureCompletes() throws Exception {
            reader.insertCard("zhang-wei");
            AtomicReference<ReaderState> stateSeenByDependent = new AtomicReference<>();

            reader.read(ReadRequest.plain(), p -> { })
                    .thenAccept(d -> stateSeenByDependent.set(reader.state()))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(stateSeenByDependent).hasValue(ReaderState.CARD_PRESENT);
        }

        @Test
        void readsPassportsWithTheRightAccessKeyOnly() throws Exception {
            SampleDocument anna = SampleDocuments.byName("passport-anna").orElseThrow();
            MrzAccessKey key = anna.accessKey(CLOCK).orElseThrow();
            reader.insertCard(anna);
            List<Stage> stages = new CopyOnWriteArrayList<>();

            assertThat(failure(reader.read(ReadRequest.plain(), p -> stages.add(p.stage()))))
                    .isEqualTo(Failure.ACCESS_DENIED);
            assertThat(stages).containsExactly(DETECTING_CARD, AUTHENTICATING);
            assertThat(failure(reader.read(ReadRequest.withAccessKey(
                    new MrzAccessKey(key.documentNumber(), key.birthDate().plusDays(1), key.expiryDate())), p -> { })))
                    .isEqualTo(Failure.ACCESS_DENIED);

            IdDocument document = read(reader.read(ReadRequest.withAccessKey(key), p -> { }));
            assertThat(document.documentType()).isEqualTo(DocumentType.PASSPORT);
            assertThat(read(reader.read(ReadRequest.withAccessKey(
                    new MrzAccessKey("l898902c3<", key.birthDate(), key.expiryDate())), p -> { })))
                    .isEqualTo(document);
        }

        @Test
        void noCardFailsAfterTheSearch() throws Exception {
            List<Stage> stages = new CopyOnWriteArrayList<>();

            assertThat(failure(reader.read(ReadRequest.plain(), p -> stages.add(p.stage()))))
                    .isEqualTo(Failure.NO_CARD);
            assertThat(stages).containsExactly(DETECTING_CARD);
            assertThat(reader.state()).isEqualTo(ReaderState.READY);
        }

        @Test
        void aCounterfeitChipFailsAuthentication() throws Exception {
            reader.insertCard("counterfeit");

            assertThat(failure(reader.read(ReadRequest.plain(), p -> { }))).isEqualTo(Failure.INVALID_DOCUMENT);
            assertThat(reader.state()).isEqualTo(ReaderState.CARD_PRESENT);
        }

        @Test
        void aSecondReadWhileOneRunsIsBusy() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.SILENT);
            CompletableFuture<IdDocument> first = reader.read(ReadRequest.plain(), p -> { });

            assertThat(reader.state()).isEqualTo(ReaderState.READING);
            assertThat(failure(reader.read(ReadRequest.plain(), p -> { }))).isEqualTo(Failure.BUSY);
            assertThat(first).isNotDone();

            first.cancel(true);
            assertThat(read(reader.read(ReadRequest.plain(), p -> { })).fullName()).isEqualTo("张伟");
        }

        @Test
        void cancellingFreesTheReaderAtOnce() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.SILENT);
            CompletableFuture<IdDocument> running = reader.read(ReadRequest.plain(), p -> { });

            assertThat(running.cancel(true)).isTrue();

            assertThat(reader.state()).isEqualTo(ReaderState.CARD_PRESENT);
            assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
        }

        @Test
        void cancellingStopsTheReadAtItsNextStep() throws Exception {
            reader.insertCard("zhang-wei");
            AtomicReference<CompletableFuture<IdDocument>> running = new AtomicReference<>();
            CountDownLatch handedOut = new CountDownLatch(1);
            List<Stage> stages = new CopyOnWriteArrayList<>();

            running.set(reader.read(ReadRequest.plain(), p -> {
                stages.add(p.stage());
                if (p.stage() == DETECTING_CARD) {
                    awaitQuietly(handedOut);
                }
                if (p.stage() == READING_TEXT) {
                    running.get().cancel(true);
                }
            }));
            handedOut.countDown();

            assertThatThrownBy(() -> running.get().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(CancellationException.class);
            IdDocument next = read(reader.read(ReadRequest.plain(), p -> { }));

            assertThat(stages).containsExactly(DETECTING_CARD, AUTHENTICATING, READING_TEXT);
            assertThat(next.fullName()).isEqualTo("张伟");
            assertThat(reader.state()).isEqualTo(ReaderState.CARD_PRESENT);
        }

        @Test
        void cancellingWithoutACardReturnsTheReaderToReady() {
            reader.injectFault(SimulatedFault.SILENT);
            reader.read(ReadRequest.plain(), p -> { }).cancel(true);

            assertThat(reader.state()).isEqualTo(ReaderState.READY);
        }

        @Test
        void aCardTakenAwayMidReadFailsTheRead() throws Exception {
            reader.insertCard("zhang-wei");

            Failure failure = failure(reader.read(ReadRequest.plain(), p -> {
                if (p.stage() == READING_PORTRAIT) {
                    reader.removeCard();
                }
            }));

            assertThat(failure).isEqualTo(Failure.CARD_REMOVED);
            assertThat(reader.state()).isEqualTo(ReaderState.READY);
        }

        @Test
        void aCardSwappedMidReadFailsTheRead() throws Exception {
            reader.insertCard("zhang-wei");

            Failure failure = failure(reader.read(ReadRequest.plain(), p -> {
                if (p.stage() == READING_TEXT) {
                    reader.insertCard("ayigul");
                }
            }));

            assertThat(failure).isEqualTo(Failure.CARD_REMOVED);
            assertThat(read(reader.read(ReadRequest.plain(), p -> { })).fullName()).isEqualTo("阿依古丽·买买提");
        }

        @Test
        void unpluggingMidReadFailsTheRead() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.SILENT);
            CompletableFuture<IdDocument> running = reader.read(ReadRequest.plain(), p -> { });

            reader.unplug();

            assertThat(failure(running)).isEqualTo(Failure.READER_UNAVAILABLE);
            assertThat(events).containsExactly(new CardPresent(info), new ReaderRemoved(info));
            assertThat(reader.state()).isEqualTo(ReaderState.ABSENT);
        }

        @Test
        void anUnpluggedReaderCannotRead() throws Exception {
            reader.insertCard("zhang-wei");
            reader.unplug();

            assertThat(failure(reader.read(ReadRequest.plain(), p -> { }))).isEqualTo(Failure.READER_UNAVAILABLE);
            reader.plugIn();
            assertThat(read(reader.read(ReadRequest.plain(), p -> { })).fullName()).isEqualTo("张伟");
        }

        @Test
        void aThrowingProgressListenerDoesNotStopTheRead() throws Exception {
            reader.insertCard("ayigul");

            IdDocument document = read(reader.read(ReadRequest.plain(), p -> {
                throw new IllegalStateException("progress bar bug");
            }));

            assertThat(document.validUntil()).isEmpty();
        }

        @Test
        void whatItReadsIsAlwaysMarkedSimulated() throws Exception {
            TravelDocument real = new TravelDocument(DocumentType.ICAO_ID_CARD, "ERIKSSON", "ANNA MARIA", Sex.FEMALE,
                    LocalDate.of(1974, 8, 12), "D23145890", "UTO", "UTO", TODAY.plusYears(2), Portrait.NONE,
                    PassiveAuthentication.VALID, false);
            reader.insertCard(real);

            MrzAccessKey key = new MrzAccessKey("D23145890", real.birthDate(), real.expiryDate());
            IdDocument document = read(reader.read(ReadRequest.withAccessKey(key), p -> { }));

            assertThat(document.simulated()).isTrue();
            assertThat(document.documentNumber()).isEqualTo("D23145890");
        }

        static List<SampleDocument> samples() {
            return SampleDocuments.all();
        }

        @ParameterizedTest
        @MethodSource("samples")
        void samplesReadBackAsTheDocumentCheckExpects(SampleDocument sample) throws Exception {
            DocumentCheck check = new DocumentCheck(CLOCK, 18);
            reader.insertCard(sample);
            ReadRequest request = sample.accessKey(CLOCK).map(ReadRequest::withAccessKey).orElse(ReadRequest.plain());
            CompletableFuture<IdDocument> future = reader.read(request, p -> { });

            switch (sample.id()) {
                case "counterfeit" -> assertThat(failure(future)).isEqualTo(Failure.INVALID_DOCUMENT);
                case "zhang-wei", "ayigul", "passport-anna" ->
                        assertThat(check.check(read(future)).problems()).isEmpty();
                case "wang-fang-expired" -> assertThat(check.check(read(future)).refusals())
                        .containsExactly(DocumentProblem.EXPIRED);
                case "li-qiang-bad-check" -> assertThat(check.check(read(future)).refusals())
                        .containsExactly(DocumentProblem.INVALID_CHECK_CHARACTER);
                case "chen-xiao-minor" -> assertThat(check.check(read(future)).refusals())
                        .containsExactly(DocumentProblem.UNDER_AGE);
                case "passport-tampered" -> assertThat(check.check(read(future)).refusals())
                        .containsExactly(DocumentProblem.PASSIVE_AUTHENTICATION_FAILED);
                case "passport-unchecked" -> {
                    var result = check.check(read(future));
                    assertThat(result.accepted()).isTrue();
                    assertThat(result.warnings()).containsExactly(DocumentProblem.PASSIVE_AUTHENTICATION_NOT_CHECKED);
                }
                default -> fail("no expectation for sample " + sample.id());
            }
        }
    }

    @Nested
    class Faults {

        @Test
        void cardRemovedMidReadAfterTheText() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.CARD_REMOVED_MID_READ);
            List<Stage> stages = new CopyOnWriteArrayList<>();

            Failure failure = failure(reader.read(ReadRequest.plain(), p -> stages.add(p.stage())));

            assertThat(failure).isEqualTo(Failure.CARD_REMOVED);
            // The event that explains the failure is delivered before the future completes.
            assertThat(events).containsExactly(new CardPresent(info), new CardRemoved(info));
            assertThat(stages).containsExactly(DETECTING_CARD, AUTHENTICATING, READING_TEXT);
            assertThat(reader.state()).isEqualTo(ReaderState.READY);
        }

        @Test
        void unpluggedMidReadAfterTheText() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.UNPLUGGED_MID_READ);

            Failure failure = failure(reader.read(ReadRequest.plain(), p -> { }));

            assertThat(failure).isEqualTo(Failure.READER_UNAVAILABLE);
            assertThat(events).containsExactly(new CardPresent(info), new ReaderRemoved(info));
            assertThat(reader.state()).isEqualTo(ReaderState.ABSENT);

            reader.plugIn();
            assertThat(read(reader.read(ReadRequest.plain(), p -> { })).fullName()).isEqualTo("张伟");
        }

        @Test
        void aGarbledFrameIsACommunicationErrorOnce() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.GARBLED_FRAME);

            assertThat(failure(reader.read(ReadRequest.plain(), p -> { }))).isEqualTo(Failure.COMMUNICATION_ERROR);
            assertThat(reader.state()).isEqualTo(ReaderState.CARD_PRESENT);
            assertThat(read(reader.read(ReadRequest.plain(), p -> { })).fullName()).isEqualTo("张伟");
        }

        @Test
        void aSilentReaderTimesOutAfterTheConfiguredTimeout() throws Exception {
            Duration timeout = Duration.ofMillis(100);
            try (SimulatedIdCardReader silent =
                    new SimulatedIdCardReader(SimulatorSettings.instant(CLOCK).withTimeout(timeout))) {
                silent.insertCard("zhang-wei");
                silent.injectFault(SimulatedFault.SILENT);
                List<Stage> stages = new CopyOnWriteArrayList<>();

                long start = System.nanoTime();
                Failure failure = failure(silent.read(ReadRequest.plain(), p -> stages.add(p.stage())));
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

                assertThat(failure).isEqualTo(Failure.TIMEOUT);
                assertThat(elapsed).isGreaterThanOrEqualTo(timeout);
                assertThat(stages).containsExactly(DETECTING_CARD);
                assertThat(silent.state()).isEqualTo(ReaderState.CARD_PRESENT);
            }
        }

        @Test
        void aSlowReadStillSucceeds() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.SLOW);

            assertThat(read(reader.read(ReadRequest.plain(), p -> { })).fullName()).isEqualTo("张伟");
        }

        @Test
        void aFaultWaitsForAReadThatActuallyStarts() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.GARBLED_FRAME);
            reader.unplug();
            assertThat(failure(reader.read(ReadRequest.plain(), p -> { }))).isEqualTo(Failure.READER_UNAVAILABLE);
            reader.plugIn();

            assertThat(failure(reader.read(ReadRequest.plain(), p -> { }))).isEqualTo(Failure.COMMUNICATION_ERROR);
        }

        @Test
        void aLaterFaultReplacesAnEarlierOneAndCanBeWithdrawn() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.SILENT);
            reader.injectFault(SimulatedFault.GARBLED_FRAME);
            assertThat(failure(reader.read(ReadRequest.plain(), p -> { }))).isEqualTo(Failure.COMMUNICATION_ERROR);

            reader.injectFault(SimulatedFault.GARBLED_FRAME);
            reader.clearFault();
            assertThat(read(reader.read(ReadRequest.plain(), p -> { })).fullName()).isEqualTo("张伟");
        }
    }

    @Nested
    class Closing {

        @Test
        void closingFailsARunningReadAndStopsTheThread() throws Exception {
            reader.insertCard("zhang-wei");
            reader.injectFault(SimulatedFault.SILENT);
            CompletableFuture<IdDocument> running = reader.read(ReadRequest.plain(), p -> { });

            reader.close();

            assertThat(failure(running)).isEqualTo(Failure.READER_UNAVAILABLE);
            assertThat(reader.state()).isEqualTo(ReaderState.ABSENT);
            assertThat(reader.awaitStopped(WAIT)).isTrue();
            reader.close(); // twice is harmless
        }

        @Test
        void aClosedReaderReadsNothingAndTakesNoCards() throws Exception {
            reader.close();

            assertThat(failure(reader.read(ReadRequest.plain(), p -> { }))).isEqualTo(Failure.READER_UNAVAILABLE);
            assertThatThrownBy(() -> reader.insertCard("zhang-wei")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(reader::unplug).isInstanceOf(IllegalStateException.class);
            assertThat(reader.awaitStopped(WAIT)).isTrue();
        }
    }

    @Nested
    class WithLatency {

        @Test
        void aRealisticReadTakesTimeWithoutBlockingTheCaller() throws Exception {
            try (SimulatedIdCardReader realistic = new SimulatedIdCardReader(SimulatorSettings.realistic(CLOCK))) {
                realistic.insertCard("zhang-wei");

                long start = System.nanoTime();
                CompletableFuture<IdDocument> future = realistic.read(ReadRequest.plain(), p -> { });
                assertThat(future).isNotDone();
                assertThat(realistic.state()).isEqualTo(ReaderState.READING);
                IdDocument document = read(future);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

                assertThat(document.fullName()).isEqualTo("张伟");
                // A lower bound only: the steps add up to 250 ms on a GA/T 467 reader.
                assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            }
        }

        @Test
        void aSlowReadTakesTenTimesAsLong() throws Exception {
            try (SimulatedIdCardReader scaled =
                    new SimulatedIdCardReader(SimulatorSettings.instant(CLOCK).withLatencyScale(0.1))) {
                scaled.insertCard("zhang-wei");
                scaled.injectFault(SimulatedFault.SLOW);

                long start = System.nanoTime();
                read(scaled.read(ReadRequest.plain(), p -> { }));

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            }
        }
    }

    @Nested
    class Settings {

        @Test
        void refusesNonsense() {
            assertThatThrownBy(() -> new SimulatorSettings(-0.1, Duration.ofSeconds(1), CLOCK))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new SimulatorSettings(Double.NaN, Duration.ofSeconds(1), CLOCK))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new SimulatorSettings(1.0, Duration.ZERO, CLOCK))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new SimulatorSettings(1.0, Duration.ofSeconds(1), null))
                    .isInstanceOf(NullPointerException.class);
        }

        @Test
        void presets() {
            assertThat(SimulatorSettings.realistic(CLOCK).latencyScale()).isEqualTo(1.0);
            assertThat(SimulatorSettings.instant(CLOCK).latencyScale()).isZero();
            assertThat(SimulatorSettings.instant(CLOCK).timeout()).isEqualTo(SimulatorSettings.DEFAULT_TIMEOUT);
        }
    }

    private List<ReaderEvent> delivered() throws Exception {
        reader.awaitDelivered(WAIT);
        return events;
    }

    private static IdDocument read(CompletableFuture<IdDocument> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Failure failure(CompletableFuture<IdDocument> future) throws InterruptedException, TimeoutException {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IdCardReadException.class);
            return ((IdCardReadException) e.getCause()).failure();
        }
        throw new AssertionError("the read succeeded");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
