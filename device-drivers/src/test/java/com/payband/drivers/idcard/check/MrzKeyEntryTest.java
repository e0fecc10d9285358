package com.payband.drivers.idcard.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.check.MrzKeyEntry.Field;
import com.payband.drivers.idcard.check.MrzKeyEntry.FieldStatus;
import com.payband.drivers.idcard.check.MrzKeyEntry.Layout;
import com.payband.drivers.idcard.check.MrzKeyEntry.Problem;
import com.payband.drivers.idcard.check.MrzKeyEntry.Result;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The specimens are ICAO 9303's own (Parts 4, 5 and 6): Anna Maria Eriksson of Utopia. */
class MrzKeyEntryTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);
    private static final String TD3_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    private static final String TD3_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    private static final String TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<"
            + "7408122F1204159UTO<<<<<<<<<<<6"
            + "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";
    private static final String TD2_1 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<";
    private static final String TD2_2 = "D231458907UTO7408122F1204159<<<<<<<6";

    @Test
    void aScannedPassportMrzGivesTheKey() {
        Result r = MrzKeyEntry.check(TD3_1 + TD3_2, TODAY);

        assertThat(r.layout()).contains(Layout.TD3);
        assertThat(r.fields()).allMatch(FieldStatus::ok);
        assertThat(r.key()).contains(new MrzAccessKey("L898902C3", LocalDate.of(1974, 8, 12),
                LocalDate.of(2012, 4, 15)));
    }

    @Test
    void lineBreaksBlanksAndLowerCaseAreAccepted() {
        Result r = MrzKeyEntry.check(TD3_1.toLowerCase() + "\r\n " + TD3_2.substring(0, 20) + " "
                + TD3_2.substring(20) + "\n", TODAY);

        assertThat(r.complete()).isTrue();
        assertThat(r.key().orElseThrow().documentNumber()).isEqualTo("L898902C3");
    }

    @Test
    void eachFieldIsCheckedAsSoonAsItIsTyped() {
        // Line 1 and the document number with its check digit typed, the birth date under way.
        Result r = MrzKeyEntry.check(TD3_1 + TD3_2.substring(0, 16), TODAY);

        assertThat(status(r, Field.DOCUMENT_NUMBER)).isEmpty();
        assertThat(status(r, Field.BIRTH_DATE)).contains(Problem.INCOMPLETE);
        assertThat(status(r, Field.EXPIRY_DATE)).contains(Problem.INCOMPLETE);
        assertThat(r.firstError()).isEmpty();
        assertThat(r.key()).isEmpty();
    }

    @Test
    void aTypoInTheDocumentNumberIsPinnedToThatField() {
        String typo = "L898902C4" + TD3_2.substring(9);

        Result r = MrzKeyEntry.check(TD3_1 + typo, TODAY);

        assertThat(r.firstError().map(FieldStatus::field)).contains(Field.DOCUMENT_NUMBER);
        assertThat(status(r, Field.DOCUMENT_NUMBER)).contains(Problem.WRONG_CHECK_DIGIT);
        assertThat(status(r, Field.BIRTH_DATE)).isEmpty();
        assertThat(r.key()).isEmpty();
    }

    @Test
    void wrongBirthAndExpiryDigitsAndTheCompositeAreReported() {
        String line2 = TD3_2.substring(0, 19) + "3" + TD3_2.substring(20, 27) + "8" + TD3_2.substring(28, 43) + "9";

        Result r = MrzKeyEntry.check(TD3_1 + line2, TODAY);

        assertThat(status(r, Field.BIRTH_DATE)).contains(Problem.WRONG_CHECK_DIGIT);
        assertThat(status(r, Field.EXPIRY_DATE)).contains(Problem.WRONG_CHECK_DIGIT);
        assertThat(status(r, Field.COMPOSITE)).contains(Problem.WRONG_CHECK_DIGIT);
    }

    @Test
    void aDateThatIsNoDateIsReportedEvenWithARightCheckDigit() {
        String birth = "741332";
        String line2 = TD3_2.substring(0, 13) + birth + MrzCheckDigit.compute(birth) + TD3_2.substring(20);

        Result r = MrzKeyEntry.check(TD3_1 + line2, TODAY);

        assertThat(status(r, Field.BIRTH_DATE)).contains(Problem.INVALID_DATE);
    }

    @Test
    void identityCardLayoutsTd1AndTd2() {
        Result td1 = MrzKeyEntry.check(TD1, TODAY);
        Result td2 = MrzKeyEntry.check(TD2_1 + "\n" + TD2_2, TODAY);

        assertThat(td1.layout()).contains(Layout.TD1);
        assertThat(td1.key().orElseThrow().documentNumber()).isEqualTo("D23145890");
        assertThat(td2.layout()).contains(Layout.TD2);
        assertThat(td2.key()).isEqualTo(td1.key());
    }

    @Test
    void aTd1DocumentNumberLongerThanNineCharacters() {
        // ICAO 9303-5: number D23145890734, its check digit 9 after the overflow, '<' in the usual place.
        String line1 = "I<UTOD23145890<7349<<<<<<<<<<<";
        String line2 = "3407127M9507122UTO<<<<<<<<<<<";
        String composite = String.valueOf(MrzCheckDigit.compute(line1.substring(5, 30) + line2.substring(0, 7)
                + line2.substring(8, 15) + line2.substring(18, 29)));
        Result r = MrzKeyEntry.check(line1 + line2 + composite + "ERIKSSON<<ANNA<MARIA<<<<<<<<<<", TODAY);

        assertThat(status(r, Field.DOCUMENT_NUMBER)).isEmpty();
        assertThat(r.key().orElseThrow().documentNumber()).isEqualTo("D23145890734");
    }

    @Test
    void tooMuchOrForeignCharacters() {
        assertThat(status(MrzKeyEntry.check(TD3_1 + TD3_2 + "XX", TODAY), Field.LAYOUT)).contains(Problem.TOO_LONG);
        assertThat(status(MrzKeyEntry.check(TD3_1.replace('A', 'Ä') + TD3_2, TODAY), Field.LAYOUT))
                .contains(Problem.INVALID_CHARACTER);
        assertThat(MrzKeyEntry.check("", TODAY).layout()).isEmpty();
        assertThat(MrzKeyEntry.check("X<UTO", TODAY).layout()).isEmpty();
    }

    @Test
    void birthDatesAreInThePastExpiryDatesInThisCentury() {
        assertThat(MrzKeyEntry.birthDate("990101", TODAY)).contains(LocalDate.of(1999, 1, 1));
        assertThat(MrzKeyEntry.birthDate("200101", TODAY)).contains(LocalDate.of(2020, 1, 1));
        assertThat(MrzKeyEntry.birthDate("261231", TODAY)).contains(LocalDate.of(1926, 12, 31));
        assertThat(MrzKeyEntry.expiryDate("360101", TODAY)).contains(LocalDate.of(2036, 1, 1));
        assertThat(MrzKeyEntry.expiryDate("990101", TODAY)).contains(LocalDate.of(1999, 1, 1));
        assertThat(MrzKeyEntry.yymmdd(LocalDate.of(1974, 8, 12))).isEqualTo("740812");
    }

    @Test
    void theThreeFieldsTypedOneByOne() {
        assertThat(MrzKeyEntry.fromFields(" l898902c3 ", "740812", "120415", TODAY))
                .isEqualTo(new MrzAccessKey("L898902C3", LocalDate.of(1974, 8, 12), LocalDate.of(2012, 4, 15)));
        assertThatThrownBy(() -> MrzKeyEntry.fromFields("L898902C3", "741312", "120415", TODAY))
                .hasMessage("BIRTH_DATE: INVALID_DATE");
        assertThatThrownBy(() -> MrzKeyEntry.fromFields("L89-8902", "740812", "120415", TODAY))
                .hasMessageStartingWith("DOCUMENT_NUMBER");
    }

    @Test
    void resultsNeverShowWhatWasTyped() {
        assertThat(MrzKeyEntry.check(TD3_1 + TD3_2, TODAY).toString()).doesNotContain("L898902C3", "ERIKSSON");
    }

    private static Optional<Problem> status(Result r, Field field) {
        return r.fields().stream().filter(f -> f.field() == field).findFirst().orElseThrow().problem();
    }
}
