package com.payband.drivers.idcard.pcsc;

import static com.payband.drivers.idcard.pcsc.PcscIdCardReaderTest.failure;
import static com.payband.drivers.idcard.pcsc.PcscIdCardReaderTest.read;
import static com.payband.drivers.idcard.pcsc.VirtualPassports.anna;
import static com.payband.drivers.idcard.pcsc.VirtualPassports.awaitCard;
import static com.payband.drivers.idcard.pcsc.VirtualPassports.keyOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.ReaderState;
import com.payband.drivers.idcard.TravelDocument;
import com.payband.drivers.idcard.pcsc.sim.ChipVariant;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pcscd stopping and restarting under a running console: the JDK's one PC/SC context dies with it; the
 * driver renews it (PcscContext) and reads again, and says plainly what is wrong while it cannot.
 */
class PcscServiceRestartTest {

    private PcscReaders readers;
    private VirtualPassports passports;

    @BeforeAll
    static void pcscd() {
        Pcscd.shared();
    }

    @AfterEach
    void stop() {
        Pcscd.shared().startAgain();
        if (passports != null) {
            passports.close();
        }
        if (readers != null) {
            readers.close();
        }
    }

    @Test
    void afterPcscdRestartsTheDriverReadsAgainAndTheEventsTellTheStory() throws Exception {
        readers = PcscReaders.start(CscaTrustList.of(List.of(VirtualPassports.PKI.csca())), Clock.systemUTC(),
                Duration.ofMillis(100));
        passports = new VirtualPassports(readers);
        List<ReaderEvent> events = new CopyOnWriteArrayList<>();
        readers.subscribe(events::add);
        passports.insert(0, anna(), ChipVariant.GENUINE);
        awaitCard(readers, Pcscd.READER_0, true);

        try (PcscIdCardReader reader = readers.open(Pcscd.READER_0)) {
            assertThat(read(reader, keyOf(anna())).documentNumber()).isEqualTo("L898902C3");

            Pcscd.shared().stop();
            IdCardReadException down = failure(reader, keyOf(anna()));
            assertThat(down.failure()).isEqualTo(Failure.READER_UNAVAILABLE);
            assertThat(down.reason()).contains(IdCardReadException.Reason.PCSC_SERVICE_NOT_RUNNING);
            assertThat(down.getMessage()).contains("PC/SC service (pcscd) is not running");
            awaitState(reader, ReaderState.ABSENT);
            assertThat(readers.health()).isEqualTo(PcscContext.Health.NOT_RUNNING);

            Pcscd.shared().startAgain();
            // The virtual card lies on the reader and reconnects to the new vpcd by itself.
            awaitCard(readers, Pcscd.READER_0, true);
            assertThat(readers.health()).isEqualTo(PcscContext.Health.RUNNING);
            TravelDocument again = (TravelDocument) read(reader, keyOf(anna()));
            assertThat(again.passiveAuthentication()).isEqualTo(PassiveAuthentication.VALID);
        }
        var reader0 = PcscReaderStatus.infoFor(Pcscd.READER_0);
        assertThat(events).containsSubsequence(new ReaderEvent.CardPresent(reader0),
                new ReaderEvent.ReaderRemoved(reader0), new ReaderEvent.ReaderAttached(reader0),
                new ReaderEvent.CardPresent(reader0));
    }

    @Test
    void aRestartInOneGoIsRecoveredToo() throws Exception {
        readers = PcscReaders.start(CscaTrustList.empty(), Clock.systemUTC());
        passports = new VirtualPassports(readers);
        passports.insert(1, anna(), ChipVariant.GENUINE);
        awaitCard(readers, Pcscd.READER_1, true);
        try (PcscIdCardReader reader = readers.open(Pcscd.READER_1)) {
            assertThat(read(reader, keyOf(anna())).documentNumber()).isEqualTo("L898902C3");

            Pcscd.shared().restart();
            awaitCard(readers, Pcscd.READER_1, true);

            assertThat(read(reader, keyOf(anna())).documentNumber()).isEqualTo("L898902C3");
        }
    }

    private static void awaitState(PcscIdCardReader reader, ReaderState state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reader.state() != state && System.nanoTime() < deadline) {
            Pcscd.sleep(50);
        }
        assertThat(reader.state()).isEqualTo(state);
    }
}
