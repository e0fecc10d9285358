package com.payband.drivers.idcard;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.payband.band.BandSerial;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKeyCode;
import com.payband.band.protocol.ProtocolException;
import com.payband.drivers.idcard.check.MrzKeyEntry;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * What staff type or a keyboard-wedge scanner "types", fuzzed (the first byte picks the field): the MRZ key
 * entry of a passport, a customer's phone code, a payment code, a band serial. Each is accepted or refused in
 * its own terms; none throws anything else.
 */
class TypedTextFuzzTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    @FuzzTest(maxDuration = "10s")
    void typed(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String text = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        switch ((input[0] & 0xFF) % 4) {
            case 0 -> {
                MrzKeyEntry.Result result = MrzKeyEntry.check(text, TODAY);
                result.key().ifPresent(key -> {
                    assertThat(key.birthDate()).isBeforeOrEqualTo(TODAY);
                    assertThat(result.firstError()).isEmpty();
                });
            }
            case 1 -> {
                try {
                    PhoneKeyCode.parse(text);
                } catch (ProtocolException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }
            case 2 -> {
                try {
                    PaymentCode.parse(text);
                } catch (ProtocolException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }
            default -> BandSerial.parse(text).ifPresent(serial -> assertThat(serial.value()).hasSize(BandSerial.LENGTH));
        }
    }
}
