package com.payband.band.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The codes a scanner types into the console: the phone's key code and the payment code. */
class PhoneKeyCodeTest {

    private static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(10);

    @Test
    void aPhonesCodeReadsBackAsItsKeySignedAndFresh() throws Exception {
        KeyPair phone = P256.generate();
        PhoneKeyCode code = PhoneKeyCode.create(phone, NOW);
        PhoneKeyCode read = PhoneKeyCode.parse("  " + code.text() + "\n");
        assertThat(read.key()).isEqualTo(PhoneKey.of(phone.getPublic()));
        assertThat(read.key().fingerprint().hex()).hasSize(64);
        assertThat(read.signedByItsKey()).isTrue();
        assertThat(read.freshAt(NOW.plusSeconds(60), MAX_AGE)).isTrue();
        assertThat(read.freshAt(NOW.plus(Duration.ofMinutes(11)), MAX_AGE)).isFalse();
        assertThat(read.freshAt(NOW.minus(Duration.ofMinutes(2)), MAX_AGE)).isFalse();
    }

    @Test
    void aCodeWithAnotherKeyOrAlteredTimeDoesNotVerify() throws Exception {
        KeyPair phone = P256.generate();
        PhoneKeyCode code = PhoneKeyCode.create(phone, NOW);
        // the thief's key with the owner's signature, and the owner's code with its time moved
        PhoneKeyCode swapped = new PhoneKeyCode(PhoneKey.of(P256.generate().getPublic()), code.created(), code.signature());
        assertThat(PhoneKeyCode.parse(swapped.text()).signedByItsKey()).isFalse();
        PhoneKeyCode later = new PhoneKeyCode(code.key(), NOW.plusSeconds(3600), code.signature());
        assertThat(PhoneKeyCode.parse(later.text()).signedByItsKey()).isFalse();
    }

    @Test
    void whatIsNotAPhoneCodeIsRefusedInWords() {
        byte[] offCurve = new byte[P256.PUBLIC_KEY_LENGTH];
        offCurve[0] = 4;
        offCurve[64] = 7;
        String notAPoint = PhoneKeyCode.PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new Wire.Writer().bytes(offCurve).u32(NOW.getEpochSecond()).blob8(new byte[8]).toBytes());
        for (String text : new String[] {"", "PB100001", "PBPHONE1:", "PBPHONE1:!!!", notAPoint,
                PhoneKeyCode.PREFIX + "A".repeat(400), "https://pay.example/phone?k=1"}) {
            assertThatThrownBy(() -> PhoneKeyCode.parse(text)).as(text).isInstanceOf(ProtocolException.class);
        }
    }

    @Property(tries = 300)
    void anyTypedTextIsAPhoneCodeOrAProtocolException(@ForAll String typed) {
        try {
            PhoneKeyCode.parse(typed);
            PhoneKeyCode.parse(PhoneKeyCode.PREFIX + typed);
        } catch (ProtocolException expected) {
            // the one way a bad code is reported
        }
    }

    @Test
    void aPaymentCodeReadsBackFromItsText() throws Exception {
        PaymentCode code = PaymentCode.compute(new byte[32], UUID.randomUUID(), 7, PaymentCode.timeStep(NOW));
        assertThat(PaymentCode.parse(code.text()).encode()).isEqualTo(code.encode());
        assertThatThrownBy(() -> PaymentCode.parse(code.text().substring(0, 20))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> PaymentCode.parse("PBPHONE1:xyz")).isInstanceOf(ProtocolException.class);
    }
}
