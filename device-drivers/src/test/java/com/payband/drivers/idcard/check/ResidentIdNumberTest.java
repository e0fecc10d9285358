package com.payband.drivers.idcard.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.drivers.idcard.Sex;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdNumberTest {

    /** The example number of GB 11643-1999 itself. */
    private static final String STANDARD_EXAMPLE = "11010519491231002X";

    @Test
    void computesTheCheckCharacterOfTheStandardsExample() {
        // 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5 + 0·8 + 0·4 + 2·2
        // = 167 = 2 (mod 11), and 2 maps to X.
        assertThat(ResidentIdNumber.checkCharacterFor("11010519491231002")).isEqualTo('X');
        assertThat(ResidentIdNumber.hasValidCheckCharacter(STANDARD_EXAMPLE)).isTrue();
    }

    @Test
    void everyRemainderMapsToItsCheckCharacter() {
        // Sweeping the last digit moves the weighted sum by 2 each time, so ten neighbours of the example
        // hit ten different remainders.
        String prefix = "1101051949123100";
        StringBuilder seen = new StringBuilder();
        for (char last = '0'; last <= '9'; last++) {
            seen.append(ResidentIdNumber.checkCharacterFor(prefix + last));
        }
        assertThat(seen.toString()).isEqualTo("31X8642097");
    }

    @Test
    void wellFormedMeansSeventeenDigitsAndADigitOrUpperCaseX() {
        assertThat(ResidentIdNumber.isWellFormed(STANDARD_EXAMPLE)).isTrue();
        assertThat(ResidentIdNumber.isWellFormed("110105194912310021")).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "",
        "11010519491231002",        // 17 characters
        "11010519491231002X1",      // 19 characters
        "11010519491231002x",       // lower-case x: normalise first
        "1101051949123100X2",       // X before the end
        "11010519491231002Y",
        " 11010519491231002X",
        "１１０１０５１９４９１２３１００２X", // full-width digits
        "11010519491231002\u0663"   // an Arabic-Indic digit is not a digit here
    })
    void notWellFormed(String number) {
        assertThat(ResidentIdNumber.isWellFormed(number)).isFalse();
        assertThat(ResidentIdNumber.hasValidCheckCharacter(number)).isFalse();
        assertThat(ResidentIdNumber.embeddedBirthDate(number)).isEmpty();
        assertThat(ResidentIdNumber.embeddedSex(number)).isEmpty();
    }

    @Test
    void aWrongCheckCharacterIsInvalid() {
        assertThat(ResidentIdNumber.hasValidCheckCharacter("110105194912310020")).isFalse();
        assertThat(ResidentIdNumber.hasValidCheckCharacter("110105194912310029")).isFalse();
    }

    @Test
    void normaliseDropsSpacesAndUpperCasesX() {
        assertThat(ResidentIdNumber.normalise("  110105 19491231 002x\t")).isEqualTo(STANDARD_EXAMPLE);
        assertThat(ResidentIdNumber.normalise("110105\u300019491231002X")).isEqualTo(STANDARD_EXAMPLE);
        assertThat(ResidentIdNumber.normalise(STANDARD_EXAMPLE)).isEqualTo(STANDARD_EXAMPLE);
    }

    @Test
    void readsTheEmbeddedBirthDate() {
        assertThat(ResidentIdNumber.embeddedBirthDate(STANDARD_EXAMPLE)).contains(LocalDate.of(1949, 12, 31));
        assertThat(ResidentIdNumber.embeddedBirthDate("110105200002290011")).contains(LocalDate.of(2000, 2, 29));
    }

    @ParameterizedTest
    @ValueSource(strings = {"110105194902300010", "110105190002290010", "110105194913010010", "110105194900000010"})
    void anEmbeddedDateThatDoesNotExistIsEmpty(String number) {
        assertThat(ResidentIdNumber.embeddedBirthDate(number)).isEmpty();
    }

    @Test
    void theSeventeenthDigitIsOddForMenAndEvenForWomen() {
        assertThat(ResidentIdNumber.embeddedSex(STANDARD_EXAMPLE)).contains(Sex.FEMALE);
        assertThat(ResidentIdNumber.embeddedSex("110105194912310010")).contains(Sex.MALE);
        assertThat(ResidentIdNumber.embeddedSex("110105194912310090")).contains(Sex.MALE);
        assertThat(ResidentIdNumber.embeddedSex("110105194912310000")).contains(Sex.FEMALE);
    }

    @Test
    void refusesToComputeFromAnythingButSeventeenDigitsWithoutEchoingIt() {
        assertThatThrownBy(() -> ResidentIdNumber.checkCharacterFor("1101051949123100"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("1101051949123100");
        assertThatThrownBy(() -> ResidentIdNumber.checkCharacterFor("1101051949123100X"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("1101051949123100");
    }
}
