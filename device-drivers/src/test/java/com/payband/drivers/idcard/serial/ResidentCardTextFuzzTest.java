package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.check.ResidentIdNumber;
import java.util.Arrays;

/**
 * The 256-byte text block a SAM reads from a resident ID card, fuzzed: a card is decoded or refused as
 * UNREADABLE_DOCUMENT, never anything else, and a decoded card has the fields the console relies on.
 */
class ResidentCardTextFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void cardText(byte[] data) {
        byte[] block = Arrays.copyOf(data, CardData.TEXT_LENGTH);
        try {
            ResidentIdCard card = ResidentCardText.decode(block, Portrait.NONE, false);
            assertThat(card.fullName()).isNotBlank();
            assertThat(ResidentIdNumber.isWellFormed(card.idNumber())).isTrue();
            assertThat(card.birthDate()).isNotNull();
        } catch (IdCardReadException e) {
            assertThat(e.failure()).isEqualTo(IdCardReadException.Failure.UNREADABLE_DOCUMENT);
        }
    }
}
