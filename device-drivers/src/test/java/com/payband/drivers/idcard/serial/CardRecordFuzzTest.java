package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.Portrait;

/**
 * The card record of a READ answer (lengths, text block, WLT photo container), fuzzed: refused with
 * IllegalArgumentException when its lengths do not add up, else the text is decoded or refused, and the
 * photo is shown through the installed WLT decoder or as the placeholder, never an exception.
 */
class CardRecordFuzzTest {

    static {
        // a photo the decoder refuses is logged (one line per read); fuzzing makes millions of them
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WltPortraits.class))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
    }

    private static final WltPortraits PORTRAITS = WltPortraits.with(new FakeWltDecoder());

    @FuzzTest(maxDuration = "10s")
    void cardRecord(byte[] answer) {
        CardData record;
        try {
            record = CardData.decode(answer);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertThat(record.text()).hasSize(CardData.TEXT_LENGTH);
        assertThat(record.photo().length).isLessThanOrEqualTo(CardData.PHOTO_LENGTH);
        Portrait photo = new Portrait(Portrait.Format.WLT, record.photo());
        WltPortraits.ShownPortrait shown = PORTRAITS.render(photo);
        assertThat(shown.image()).isNotEmpty();
        assertThat(shown.sha256()).isEqualTo(photo.sha256());
        try {
            ResidentCardText.decode(record.text(), photo, false);
        } catch (IdCardReadException e) {
            assertThat(e.failure()).isEqualTo(IdCardReadException.Failure.UNREADABLE_DOCUMENT);
        }
    }
}
