package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.IdCardReadException.Failure;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamStatusTest {

    /** The protocol's status table and the failure each final status ends a read with. */
    @Test
    void everyStatusCodeMapsToATypedFailure() {
        Map<Integer, Failure> expected = Map.ofEntries(
                Map.entry(0x91, Failure.UNREADABLE_DOCUMENT),
                Map.entry(0x10, Failure.COMMUNICATION_ERROR),
                Map.entry(0x11, Failure.COMMUNICATION_ERROR),
                Map.entry(0x21, Failure.COMMUNICATION_ERROR),
                Map.entry(0x23, Failure.COMMUNICATION_ERROR),
                Map.entry(0x24, Failure.COMMUNICATION_ERROR),
                Map.entry(0x31, Failure.INVALID_DOCUMENT),
                Map.entry(0x32, Failure.INVALID_DOCUMENT),
                Map.entry(0x33, Failure.INVALID_DOCUMENT),
                Map.entry(0x40, Failure.UNREADABLE_DOCUMENT),
                Map.entry(0x41, Failure.UNREADABLE_DOCUMENT),
                Map.entry(0x47, Failure.UNREADABLE_DOCUMENT),
                Map.entry(0x60, Failure.READER_UNAVAILABLE),
                Map.entry(0x66, Failure.READER_UNAVAILABLE),
                Map.entry(0x80, Failure.NO_CARD),
                Map.entry(0x81, Failure.UNREADABLE_DOCUMENT));
        expected.forEach((code, failure) -> {
            SamStatus status = SamStatus.of((byte) (int) code);
            assertThat(status).as("0x%02X", code).isNotEqualTo(SamStatus.UNKNOWN);
            assertThat(status.failure()).as("0x%02X", code).contains(failure);
        });
        assertThat(SamStatus.of((byte) 0x90).failure()).isEmpty();
        assertThat(SamStatus.of((byte) 0x9F).failure()).isEmpty();
        assertThat(SamStatus.of((byte) 0x77)).isEqualTo(SamStatus.UNKNOWN);
        assertThat(SamStatus.UNKNOWN.failure()).contains(Failure.COMMUNICATION_ERROR);
    }

    @Test
    void onlyDamagedCommandsAreResentAndCardTroubleIsCheckedAgain() {
        assertThat(SamStatus.CHECKSUM_ERROR.handling()).isEqualTo(SamStatus.Handling.RESEND);
        assertThat(SamStatus.LENGTH_ERROR.handling()).isEqualTo(SamStatus.Handling.RESEND);
        assertThat(SamStatus.READ_FAILED.handling()).isEqualTo(SamStatus.Handling.CHECK_CARD);
        assertThat(SamStatus.SELECT_FAILED.handling()).isEqualTo(SamStatus.Handling.CHECK_CARD);
        assertThat(SamStatus.SAM_REJECTED_CARD.handling()).isEqualTo(SamStatus.Handling.FINAL);
    }

    @Test
    void describesCodesForLogs() {
        assertThat(SamStatus.describe((byte) 0x80)).isEqualTo("0x80 (no card found)");
        assertThat(new SamStatusException(SamCommand.FIND_CARD, (byte) 0x66).getMessage())
                .isEqualTo("FIND_CARD answered 0x66 (the SAM is not authorised)");
    }

    @Test
    void samIdsAreWrittenAsTheVendorsWriteThem() {
        SamId id = new SamId(5, 1, 20101010, 12345, 67890);
        assertThat(id.toString()).isEqualTo("05.01-20101010-000012345-000067890");
        assertThat(SamId.decode(id.encode())).isEqualTo(id);
        assertThat(id.simulator()).isFalse();
        assertThat(new SamId(99, 99, 1, 2, 3).simulator()).isTrue();
        assertThat(new SamId(5, 1, 0xFFFFFFFFL, 0, 0).toString()).startsWith("05.01-4294967295-");
    }
}
