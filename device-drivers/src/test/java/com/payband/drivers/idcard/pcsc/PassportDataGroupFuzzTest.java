package com.payband.drivers.idcard.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.TravelDocument;
import java.time.LocalDate;
import java.util.Arrays;
import org.jmrtd.lds.icao.MRZInfo;

/**
 * The data groups a passport chip hands over, fuzzed through the driver's own decoding: DG1 (the first byte
 * even) becomes a travel document or is refused as UNREADABLE_DOCUMENT; DG2 (odd) gives a portrait or none.
 * Nothing else may come out: the read of a hostile chip ends in words, not in a stack trace.
 */
class PassportDataGroupFuzzTest {

    /**
     * JMRTD's own warnings (java.util.logging) about each malformed face record: millions of lines into the build's
     * pipe, whose back-pressure stalled inputs past libFuzzer's timeout. Held here: JUL keeps its loggers weakly.
     */
    private static final java.util.logging.Logger JMRTD = java.util.logging.Logger.getLogger("org.jmrtd");

    static {
        // a DG2 that cannot be decoded is logged (one line per read); fuzzing makes millions of them
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PcscIdCardReader.class))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        JMRTD.setLevel(java.util.logging.Level.OFF);
    }

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
    private static final PassiveAuthenticationReport NOT_CHECKED = PassiveAuthenticationReport.of(
            PassiveAuthenticationReport.Finding.NO_TRUST_ANCHOR, "fuzzing");

    @FuzzTest(maxDuration = "10s")
    void dataGroups(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] file = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 0) {
            try {
                MRZInfo mrz = PcscIdCardReader.mrz(file);
                TravelDocument document = PcscIdCardReader.document(mrz, Portrait.NONE, NOT_CHECKED, TODAY, false);
                assertThat(document.birthDate()).isNotNull();
                assertThat(document.expiryDate()).isNotNull();
            } catch (IdCardReadException e) {
                assertThat(e.failure()).isEqualTo(IdCardReadException.Failure.UNREADABLE_DOCUMENT);
            }
        } else {
            Portrait portrait = PcscIdCardReader.portrait(file);
            assertThat(portrait).isNotNull();
        }
    }
}
