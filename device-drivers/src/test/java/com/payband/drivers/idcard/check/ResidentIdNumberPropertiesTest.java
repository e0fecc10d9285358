package com.payband.drivers.idcard.check;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ResidentIdNumberPropertiesTest {

    private static final String CHECK_CHARACTERS = "0123456789X";

    @Property
    void seventeenDigitsWithTheirComputedCheckCharacterAreValid(@ForAll("seventeenDigits") String first17) {
        String number = first17 + ResidentIdNumber.checkCharacterFor(first17);

        assertThat(ResidentIdNumber.isWellFormed(number)).isTrue();
        assertThat(ResidentIdNumber.hasValidCheckCharacter(number)).isTrue();
    }

    /** MOD 11-2 catches every single-digit substitution: 11 is prime and no weight is 0 mod 11. */
    @Property
    void changingAnyOneDigitMakesTheNumberInvalid(
            @ForAll("seventeenDigits") String first17,
            @ForAll @IntRange(min = 0, max = 16) int position,
            @ForAll @IntRange(min = 1, max = 9) int shift) {
        String valid = first17 + ResidentIdNumber.checkCharacterFor(first17);
        char changed = (char) ('0' + (valid.charAt(position) - '0' + shift) % 10);
        String tampered = valid.substring(0, position) + changed + valid.substring(position + 1);

        assertThat(ResidentIdNumber.isWellFormed(tampered)).isTrue();
        assertThat(ResidentIdNumber.hasValidCheckCharacter(tampered)).isFalse();
    }

    @Property
    void anyOtherCheckCharacterIsInvalid(
            @ForAll("seventeenDigits") String first17,
            @ForAll @IntRange(min = 1, max = 10) int shift) {
        char right = ResidentIdNumber.checkCharacterFor(first17);
        char wrong = CHECK_CHARACTERS.charAt((CHECK_CHARACTERS.indexOf(right) + shift) % CHECK_CHARACTERS.length());

        assertThat(ResidentIdNumber.hasValidCheckCharacter(first17 + wrong)).isFalse();
    }

    @Provide
    Arbitrary<String> seventeenDigits() {
        return Arbitraries.strings().numeric().ofLength(17);
    }
}
