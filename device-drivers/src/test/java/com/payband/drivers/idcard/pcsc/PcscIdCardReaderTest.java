package com.payband.drivers.idcard.pcsc;

import static com.payband.drivers.idcard.pcsc.VirtualPassports.anna;
import static com.payband.drivers.idcard.pcsc.VirtualPassports.awaitCard;
import static com.payband.drivers.idcard.pcsc.VirtualPassports.keyOf;
import static com.payband.drivers.idcard.pcsc.VirtualPassports.other;
import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ReadProgress;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.ReaderState;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.TravelDocument;
import com.payband.drivers.idcard.pcsc.sim.ChipVariant;
import com.payband.drivers.idcard.pcsc.sim.EmrtdPki;
import com.payband.drivers.idcard.pcsc.sim.PassportApplet;
import com.payband.drivers.idcard.pcsc.sim.PassportChip;
import com.payband.drivers.idcard.pcsc.sim.VirtualCard;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PC/SC driver against the real PC/SC stack: pcscd with vsmartcard's vpcd virtual readers, and the
 * project's virtual passport connected to vpcd. pcscd must be installed (src/scripts/test.sh installs
 * it); the tests start it themselves and fail, saying why, when they cannot.
 */
class PcscIdCardReaderTest {

    private PcscReaders readers;
    private VirtualPassports passports;
    private final List<ReaderEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void pcscd() {
        Pcscd.shared();
    }

    @BeforeEach
    void start() {
        readers = PcscReaders.start(CscaTrustList.of(List.of(VirtualPassports.PKI.csca())), Clock.systemUTC());
        passports = new VirtualPassports(readers);
        readers.subscribe(events::add);
    }

    @AfterEach
    void stop() {
        passports.close();
        readers.close();
    }

    @Test
    void theVirtualReadersAreListed() {
        assertThat(readers.health()).isEqualTo(PcscContext.Health.RUNNING);
        assertThat(readers.list()).extracting(PcscReaderStatus::name).contains(Pcscd.READER_0, Pcscd.READER_1);
        assertThat(readers.list()).allSatisfy(r -> {
            assertThat(r.info().id()).isEqualTo("pcsc:" + r.name());
            assertThat(r.info().simulated()).isTrue();
        });
    }

    @Test
    void theRightMrzReadsTheChipAndPassiveAuthenticationIsValid() throws Exception {
        passports.insert(0, anna(), ChipVariant.GENUINE);
        awaitCard(readers, Pcscd.READER_0, true);
        List<ReadProgress> progress = new CopyOnWriteArrayList<>();

        try (PcscIdCardReader reader = readers.open(Pcscd.READER_0)) {
            assertThat(reader.state()).isEqualTo(ReaderState.CARD_PRESENT);
            TravelDocument d = (TravelDocument) read(reader, keyOf(anna()), progress::add);

            assertThat(d.documentType()).isEqualTo(DocumentType.PASSPORT);
            assertThat(d.primaryIdentifier()).isEqualTo("ERIKSSON");
            assertThat(d.secondaryIdentifier()).isEqualTo("ANNA MARIA");
            assertThat(d.documentNumber()).isEqualTo("L898902C3");
            assertThat(d.issuingState()).isEqualTo("UTO");
            assertThat(d.nationality()).isEqualTo("UTO");
            assertThat(d.sex()).isEqualTo(Sex.FEMALE);
            assertThat(d.birthDate()).isEqualTo(LocalDate.of(1974, 8, 12));
            assertThat(d.expiryDate()).isEqualTo(anna().expiryDate());
            assertThat(d.passiveAuthentication()).isEqualTo(PassiveAuthentication.VALID);
            assertThat(d.portrait().format()).isEqualTo(Portrait.Format.JPEG);
            assertThat(d.portrait().data()).startsWith((byte) 0xFF, (byte) 0xD8);
            assertThat(d.simulated()).as("a Utopia specimen on a virtual reader").isTrue();
            assertThat(progress).extracting(ReadProgress::stage).containsSubsequence(ReadProgress.Stage.DETECTING_CARD,
                    ReadProgress.Stage.AUTHENTICATING, ReadProgress.Stage.READING_TEXT,
                    ReadProgress.Stage.READING_PORTRAIT, ReadProgress.Stage.VERIFYING, ReadProgress.Stage.DONE);
            assertThat(progress).extracting(ReadProgress::fraction).isSorted();
            assertThat(reader.state()).isEqualTo(ReaderState.CARD_PRESENT);
        }
        assertThat(events).contains(new ReaderEvent.CardPresent(PcscReaderStatus.infoFor(Pcscd.READER_0)));
    }

    @Test
    void aWrongMrzIsRefusedPlainlyAndTheRightOneWorksRightAfter() throws Exception {
        passports.insert(0, anna(), ChipVariant.GENUINE);
        awaitCard(readers, Pcscd.READER_0, true);
        MrzAccessKey wrong = new MrzAccessKey("L898902C3", LocalDate.of(1974, 8, 13), anna().expiryDate());

        try (PcscIdCardReader reader = readers.open(Pcscd.READER_0)) {
            assertThat(failure(reader, wrong)).satisfies(e -> {
                assertThat(e.failure()).isEqualTo(Failure.ACCESS_DENIED);
                assertThat(e.reason()).contains(IdCardReadException.Reason.MRZ_KEY_REFUSED);
                assertThat(e.getMessage()).contains("BAC refused").doesNotContain("L898902C3");
            });
            assertThat(failure(reader, wrong).failure()).isEqualTo(Failure.ACCESS_DENIED);

            assertThat(read(reader, keyOf(anna())).documentNumber()).isEqualTo("L898902C3");
        }
    }

    @Test
    void noMrzKeyNoCardAndAnUnknownReaderAreTypedFailures() throws Exception {
        try (PcscIdCardReader empty = readers.open(Pcscd.READER_1);
                PcscIdCardReader unknown = readers.open("pcsc:No Such Reader 00 00")) {
            assertThat(failure(empty, keyOf(anna())).failure()).isEqualTo(Failure.NO_CARD);
            assertThat(unknown.state()).isEqualTo(ReaderState.ABSENT);
            assertThat(failure(unknown, keyOf(anna())).failure()).isEqualTo(Failure.READER_UNAVAILABLE);
            IdCardReadException noKey = assertThrows(empty.read(ReadRequest.plain(), p -> { }));
            assertThat(noKey.failure()).isEqualTo(Failure.ACCESS_DENIED);
            assertThat(noKey.reason()).contains(IdCardReadException.Reason.MRZ_KEY_MISSING);
        }
    }

    @Test
    void aCardWithoutTheEmrtdApplicationIsUnsupported() throws Exception {
        passports.insert(0, anna(), ChipVariant.NOT_AN_EMRTD);
        awaitCard(readers, Pcscd.READER_0, true);

        try (PcscIdCardReader reader = readers.open(Pcscd.READER_0)) {
            IdCardReadException e = failure(reader, keyOf(anna()));
            assertThat(e.failure()).isEqualTo(Failure.UNREADABLE_DOCUMENT);
            assertThat(e.reason()).contains(IdCardReadException.Reason.NOT_AN_ICAO_DOCUMENT);
            assertThat(e.getMessage()).contains("no ICAO 9303 application");
        }
    }

    @Test
    void theCardPulledAwayMidReadFailsCardRemovedAndTheNextCardReads() throws Exception {
        VirtualCard card = passports.insert(0, anna(), ChipVariant.GENUINE);
        ((PassportApplet) card.applet()).snatchWhenReading(PassportChip.EF_DG2, 2000);
        awaitCard(readers, Pcscd.READER_0, true);

        try (PcscIdCardReader reader = readers.open(Pcscd.READER_0)) {
            IdCardReadException e = failure(reader, keyOf(anna()));
            assertThat(e.failure()).isEqualTo(Failure.CARD_REMOVED);
            awaitCard(readers, Pcscd.READER_0, false);
            assertThat(events).contains(new ReaderEvent.CardRemoved(PcscReaderStatus.infoFor(Pcscd.READER_0)));

            passports.insert(0, anna(), ChipVariant.GENUINE);
            awaitCard(readers, Pcscd.READER_0, true);
            assertThat(read(reader, keyOf(anna())).documentNumber()).isEqualTo("L898902C3");
        }
    }

    @Test
    void aSwappedCardIsReadAsTheNewDocument() throws Exception {
        VirtualCard first = passports.insert(0, anna(), ChipVariant.GENUINE);
        awaitCard(readers, Pcscd.READER_0, true);
        try (PcscIdCardReader reader = readers.open(Pcscd.READER_0)) {
            assertThat(read(reader, keyOf(anna())).documentNumber()).isEqualTo("L898902C3");

            passports.remove(first);
            passports.insert(0, other(), ChipVariant.GENUINE);
            awaitCard(readers, Pcscd.READER_0, true);

            assertThat(failure(reader, keyOf(anna())).failure()).as("the first holder's key on the new card")
                    .isEqualTo(Failure.ACCESS_DENIED);
            TravelDocument d = (TravelDocument) read(reader, keyOf(other()));
            assertThat(d.documentNumber()).isEqualTo("X12345678");
            assertThat(d.fullName()).isEqualTo("KARL SVENSSON");
            assertThat(d.passiveAuthentication()).isEqualTo(PassiveAuthentication.VALID);
        }
    }

    @Test
    void theSecondReaderIsReadOnItsOwn() throws Exception {
        passports.insert(1, other(), ChipVariant.GENUINE);
        awaitCard(readers, Pcscd.READER_1, true);

        try (PcscIdCardReader first = readers.open(Pcscd.READER_0);
                PcscIdCardReader second = readers.open("pcsc:" + Pcscd.READER_1)) {
            assertThat(first.state()).isEqualTo(ReaderState.READY);
            assertThat(second.state()).isEqualTo(ReaderState.CARD_PRESENT);
            assertThat(read(second, keyOf(other())).documentNumber()).isEqualTo("X12345678");
            assertThat(failure(first, keyOf(other())).failure()).isEqualTo(Failure.NO_CARD);
        }
    }

    @Test
    void alteredAndForgedChipsAreReadButInvalid() throws Exception {
        passports.insert(0, anna(), ChipVariant.TAMPERED_DG1);
        passports.insert(1, anna(), ChipVariant.WRONG_SIGNER);
        awaitCard(readers, Pcscd.READER_0, true);
        awaitCard(readers, Pcscd.READER_1, true);

        try (PcscIdCardReader tampered = readers.open(Pcscd.READER_0);
                PcscIdCardReader forged = readers.open(Pcscd.READER_1)) {
            TravelDocument altered = (TravelDocument) read(tampered, keyOf(anna()));
            assertThat(altered.primaryIdentifier()).isEqualTo("MALLORY");
            assertThat(altered.passiveAuthentication()).isEqualTo(PassiveAuthentication.INVALID);
            assertThat(tampered.lastPassiveAuthentication().orElseThrow().finding())
                    .isEqualTo(PassiveAuthenticationReport.Finding.DATA_GROUP_ALTERED);

            assertThat(((TravelDocument) read(forged, keyOf(anna()))).passiveAuthentication())
                    .isEqualTo(PassiveAuthentication.INVALID);
            assertThat(forged.lastPassiveAuthentication().orElseThrow().finding())
                    .isEqualTo(PassiveAuthenticationReport.Finding.SIGNER_NOT_ISSUED_BY_CSCA);
        }
    }

    @Test
    void withoutTrustAnchorsTheDocumentIsReadAndSaidNotChecked() throws Exception {
        passports.insert(0, anna(), ChipVariant.GENUINE, Portrait.Format.JPEG2000);
        awaitCard(readers, Pcscd.READER_0, true);

        try (PcscReaders untrusting = PcscReaders.start(CscaTrustList.empty(), Clock.systemUTC());
                PcscIdCardReader reader = untrusting.open(Pcscd.READER_0)) {
            TravelDocument d = (TravelDocument) read(reader, keyOf(anna()));
            assertThat(d.passiveAuthentication()).isEqualTo(PassiveAuthentication.NOT_CHECKED);
            assertThat(d.portrait().format()).as("JPEG 2000 kept as the chip holds it")
                    .isEqualTo(Portrait.Format.JPEG2000);
            // every virtual read is marked simulated, which the default excepts; the production rule, forced
            // on this read, refuses an unchecked chip
            assertThat(d.simulated()).isTrue();
            var production = new com.payband.drivers.idcard.check.DocumentCheck(Clock.systemUTC(), 18,
                    com.payband.drivers.idcard.check.DocumentCheck.UncheckedChips.REFUSE_EVEN_SIMULATED).check(d);
            assertThat(production.accepted()).isFalse();
            assertThat(production.refusals()).containsExactly(
                    com.payband.drivers.idcard.check.DocumentProblem.PASSIVE_AUTHENTICATION_NOT_CHECKED_REFUSED);
        }
    }

    @Test
    void aPassportSignedUnderACscaOfAnotherNameIsInvalidWhereCscasAreTrusted() throws Exception {
        // the forger's own CSCA for Utopia, named unlike the one this console trusts
        passports.insert(0, PassportChip.issue(EmrtdPki.create("UT", "CSCA UT Prime", java.time.Instant.now()), anna(),
                ChipVariant.GENUINE));
        awaitCard(readers, Pcscd.READER_0, true);
        try (PcscIdCardReader reader = readers.open(Pcscd.READER_0)) {
            TravelDocument d = (TravelDocument) read(reader, keyOf(anna()));
            assertThat(d.passiveAuthentication()).isEqualTo(PassiveAuthentication.INVALID);
            assertThat(reader.lastPassiveAuthentication()).map(PassiveAuthenticationReport::finding)
                    .contains(PassiveAuthenticationReport.Finding.SIGNER_NOT_TRUSTED);
        }
    }

    @Test
    void aSecondReadWhileOneRunsIsBusyAndCancellingFreesTheReader() throws Exception {
        passports.insert(0, anna(), ChipVariant.GENUINE);
        awaitCard(readers, Pcscd.READER_0, true);
        try (PcscIdCardReader reader = readers.open(Pcscd.READER_0)) {
            var running = reader.read(ReadRequest.withAccessKey(keyOf(anna())), p -> { });
            var second = reader.read(ReadRequest.withAccessKey(keyOf(anna())), p -> { });
            if (!running.isDone()) {
                assertThat(assertThrows(second).failure()).isEqualTo(Failure.BUSY);
            }
            running.cancel(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (reader.state() == ReaderState.READING && System.nanoTime() < deadline) {
                Pcscd.sleep(10);
            }
            assertThat(read(reader, keyOf(anna())).documentNumber()).isEqualTo("L898902C3");
        }
    }

    static IdDocument read(PcscIdCardReader reader, MrzAccessKey key) throws Exception {
        return read(reader, key, p -> { });
    }

    static IdDocument read(PcscIdCardReader reader, MrzAccessKey key,
            java.util.function.Consumer<ReadProgress> progress) throws Exception {
        return reader.read(ReadRequest.withAccessKey(key), progress).get(20, TimeUnit.SECONDS);
    }

    static IdCardReadException failure(PcscIdCardReader reader, MrzAccessKey key) {
        return assertThrows(reader.read(ReadRequest.withAccessKey(key), p -> { }));
    }

    static IdCardReadException assertThrows(java.util.concurrent.Future<IdDocument> read) {
        try {
            read.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IdCardReadException.class);
            return (IdCardReadException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the read did not fail as expected", e);
        }
        throw new AssertionError("the read succeeded");
    }

}
