package com.payband.drivers.idcard.check;

import static com.payband.drivers.idcard.check.DocumentProblem.BIRTH_DATE_IN_FUTURE;
import static com.payband.drivers.idcard.check.DocumentProblem.BIRTH_DATE_MISMATCH;
import static com.payband.drivers.idcard.check.DocumentProblem.EXPIRED;
import static com.payband.drivers.idcard.check.DocumentProblem.INVALID_CHECK_CHARACTER;
import static com.payband.drivers.idcard.check.DocumentProblem.MALFORMED_ID_NUMBER;
import static com.payband.drivers.idcard.check.DocumentProblem.NOT_YET_VALID;
import static com.payband.drivers.idcard.check.DocumentProblem.PASSIVE_AUTHENTICATION_FAILED;
import static com.payband.drivers.idcard.check.DocumentProblem.PASSIVE_AUTHENTICATION_NOT_CHECKED;
import static com.payband.drivers.idcard.check.DocumentProblem.PASSIVE_AUTHENTICATION_NOT_CHECKED_REFUSED;
import static com.payband.drivers.idcard.check.DocumentProblem.SEX_MISMATCH;
import static com.payband.drivers.idcard.check.DocumentProblem.UNDER_AGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.TravelDocument;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentCheckTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    private static final LocalDate ADULT_BIRTH = LocalDate.of(1990, 4, 2);

    private final DocumentCheck check = new DocumentCheck(clockOn(TODAY), 18);

    @Test
    void aSoundResidentCardHasNoProblem() {
        DocumentCheckResult result = check.check(card().build());

        assertThat(result.problems()).isEmpty();
        assertThat(result.accepted()).isTrue();
    }

    @Nested
    class Validity {

        @Test
        void aCardExpiringTodayIsStillValid() {
            assertThat(check.check(card().validUntil(TODAY).build()).problems()).isEmpty();
        }

        @Test
        void aCardThatExpiredYesterdayIsRefused() {
            DocumentCheckResult result = check.check(card().validUntil(TODAY.minusDays(1)).build());

            assertThat(result.problems()).containsExactly(EXPIRED);
            assertThat(result.accepted()).isFalse();
        }

        @Test
        void aLongTermCardNeverExpires() {
            DocumentCheck farFuture = new DocumentCheck(clockOn(LocalDate.of(2199, 12, 31)), 18);

            assertThat(farFuture.check(card().longTerm().build()).problems()).isEmpty();
        }

        @Test
        void aCardValidFromTodayIsValid() {
            assertThat(check.check(card().validFrom(TODAY).build()).problems()).isEmpty();
        }

        @Test
        void aCardValidFromTomorrowIsNotYetValid() {
            assertThat(check.check(card().validFrom(TODAY.plusDays(1)).build()).problems())
                    .containsExactly(NOT_YET_VALID);
        }

        @Test
        void todayIsTheDateInTheClocksZone() {
            // 16:30 UTC on the 15th is half past midnight on the 16th in Beijing.
            Instant instant = TODAY.atTime(16, 30).toInstant(ZoneOffset.UTC);
            ResidentIdCard lastDayThe15th = card().validUntil(TODAY).build();

            assertThat(new DocumentCheck(Clock.fixed(instant, ZoneOffset.UTC), 18).check(lastDayThe15th).problems())
                    .isEmpty();
            assertThat(new DocumentCheck(Clock.fixed(instant, SHANGHAI), 18).check(lastDayThe15th).problems())
                    .containsExactly(EXPIRED);
        }
    }

    @Nested
    class IdNumber {

        @ParameterizedTest
        @ValueSource(strings = {
            "", "11010119900402001", "1101011990040200111", "11010119900402001x", "1101011990O402001X"})
        void aMalformedNumberIsRefusedAndNotReadFurther(String number) {
            assertThat(check.check(card().idNumber(number).build()).problems()).containsExactly(MALFORMED_ID_NUMBER);
        }

        @Test
        void aWrongCheckCharacterIsRefused() {
            String good = card().build().idNumber();
            String bad = good.substring(0, 17) + (good.charAt(17) == '0' ? '1' : '0');

            assertThat(check.check(card().idNumber(bad).build()).problems()).containsExactly(INVALID_CHECK_CHARACTER);
        }

        @Test
        void aNumberForAnotherBirthDateIsRefused() {
            ResidentIdCard card = card().numberBirthDate(ADULT_BIRTH.plusDays(1)).build();

            assertThat(check.check(card).problems()).containsExactly(BIRTH_DATE_MISMATCH);
        }

        @Test
        void aNumberWhoseBirthDateDoesNotExistIsAMismatch() {
            String first17 = "110101" + "19900230" + "011";
            String number = first17 + ResidentIdNumber.checkCharacterFor(first17);

            assertThat(check.check(card().idNumber(number).build()).problems()).containsExactly(BIRTH_DATE_MISMATCH);
        }

        @Test
        void aNumberForTheOtherSexIsRefused() {
            assertThat(check.check(card().sex(Sex.FEMALE).sequence("011").build()).problems())
                    .containsExactly(SEX_MISMATCH);
            assertThat(check.check(card().sex(Sex.MALE).sequence("012").build()).problems())
                    .containsExactly(SEX_MISMATCH);
            assertThat(check.check(card().sex(Sex.FEMALE).sequence("012").build()).problems()).isEmpty();
        }

        @Test
        void unspecifiedSexDisagreesWithEveryNumber() {
            assertThat(check.check(card().sex(Sex.UNSPECIFIED).build()).problems()).containsExactly(SEX_MISMATCH);
        }
    }

    @Nested
    class Age {

        @Test
        void eighteenTodayIsOldEnough() {
            assertThat(check.check(card().born(TODAY.minusYears(18)).build()).problems()).isEmpty();
        }

        @Test
        void eighteenTomorrowIsUnderAge() {
            assertThat(check.check(card().born(TODAY.minusYears(18).plusDays(1)).build()).problems())
                    .containsExactly(UNDER_AGE);
        }

        @Test
        void aLeapDayBirthdayIsReachedOnTheFirstOfMarchInCommonYears() {
            ResidentIdCard leapling = card().born(LocalDate.of(2008, 2, 29)).build();

            assertThat(new DocumentCheck(clockOn(LocalDate.of(2026, 2, 28)), 18).check(leapling).problems())
                    .containsExactly(UNDER_AGE);
            assertThat(new DocumentCheck(clockOn(LocalDate.of(2026, 3, 1)), 18).check(leapling).problems())
                    .isEmpty();
        }

        @Test
        void aLeapDayBirthdayIsReachedOnTheDayInLeapYears() {
            ResidentIdCard leapDay = card().born(LocalDate.of(2008, 2, 29)).build();

            assertThat(new DocumentCheck(clockOn(LocalDate.of(2026, 2, 28)), 17).check(leapDay).problems()).isEmpty();
            assertThat(new DocumentCheck(clockOn(LocalDate.of(2036, 2, 28)), 28).check(leapDay).problems())
                    .containsExactly(UNDER_AGE);
            assertThat(new DocumentCheck(clockOn(LocalDate.of(2036, 2, 29)), 28).check(leapDay).problems()).isEmpty();
        }

        @Test
        void theMinimumAgeIsConfigurable() {
            ResidentIdCard sixteen = card().born(TODAY.minusYears(16)).build();

            assertThat(new DocumentCheck(clockOn(TODAY), 16).check(sixteen).accepted()).isTrue();
            assertThat(new DocumentCheck(clockOn(TODAY), 17).check(sixteen).problems()).containsExactly(UNDER_AGE);
        }

        @Test
        void withNoMinimumAgeABabyBornTodayIsAccepted() {
            assertThat(new DocumentCheck(clockOn(TODAY), 0).check(card().born(TODAY).build()).problems()).isEmpty();
        }

        @Test
        void aBirthDateInTheFutureIsRefusedAsSuchNotAsUnderAge() {
            assertThat(check.check(card().born(TODAY.plusDays(1)).build()).problems())
                    .containsExactly(BIRTH_DATE_IN_FUTURE);
            assertThat(new DocumentCheck(clockOn(TODAY), 0).check(card().born(TODAY.plusDays(1)).build()).problems())
                    .containsExactly(BIRTH_DATE_IN_FUTURE);
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 121, Integer.MIN_VALUE, Integer.MAX_VALUE})
        void theMinimumAgeMustBeWithinZeroToOneHundredAndTwenty(int minimumAge) {
            assertThatThrownBy(() -> new DocumentCheck(clockOn(TODAY), minimumAge))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void theBoundsThemselvesAreAllowed() {
            assertThat(new DocumentCheck(clockOn(TODAY), 0).minimumAgeYears()).isZero();
            assertThat(new DocumentCheck(clockOn(TODAY), 120).minimumAgeYears()).isEqualTo(120);
        }
    }

    @Nested
    class TravelDocuments {

        @Test
        void aValidPassportHasNoProblem() {
            assertThat(check.check(passport(PassiveAuthentication.VALID, TODAY.plusYears(3))).problems()).isEmpty();
        }

        @Test
        void aPassportThatFailsPassiveAuthenticationIsRefused() {
            DocumentCheckResult result = check.check(passport(PassiveAuthentication.INVALID, TODAY.plusYears(3)));

            assertThat(result.problems()).containsExactly(PASSIVE_AUTHENTICATION_FAILED);
            assertThat(result.accepted()).isFalse();
        }

        @Test
        void anUncheckedPassportIsRefusedByDefaultAndAcceptedWithAWarningOnlyWhenTheSettingSaysSo() {
            TravelDocument unchecked = passport(PassiveAuthentication.NOT_CHECKED, TODAY.plusYears(3));
            DocumentCheckResult refused = check.check(unchecked);
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.refusals()).containsExactly(PASSIVE_AUTHENTICATION_NOT_CHECKED_REFUSED);

            DocumentCheckResult accepted = new DocumentCheck(clockOn(TODAY), 18, DocumentCheck.UncheckedChips.ACCEPT)
                    .check(unchecked);
            assertThat(accepted.accepted()).isTrue();
            assertThat(accepted.warnings()).containsExactly(PASSIVE_AUTHENTICATION_NOT_CHECKED);
            assertThat(accepted.refusals()).isEmpty();
        }

        @Test
        void aSimulatedUncheckedPassportIsAcceptedUnlessTheProductionRuleIsForced() {
            TravelDocument simulated = new TravelDocument(DocumentType.PASSPORT, "ERIKSSON", "ANNA MARIA", Sex.FEMALE,
                    LocalDate.of(1974, 8, 12), "L898902C3", "UTO", "UTO", TODAY.plusYears(3), Portrait.NONE,
                    PassiveAuthentication.NOT_CHECKED, true);
            assertThat(check.check(simulated).warnings()).containsExactly(PASSIVE_AUTHENTICATION_NOT_CHECKED);
            assertThat(new DocumentCheck(clockOn(TODAY), 18, DocumentCheck.UncheckedChips.REFUSE_EVEN_SIMULATED)
                    .check(simulated).refusals()).containsExactly(PASSIVE_AUTHENTICATION_NOT_CHECKED_REFUSED);
        }

        @Test
        void aPassportExpiringTodayIsValidAndOneThatExpiredYesterdayIsNot() {
            assertThat(check.check(passport(PassiveAuthentication.VALID, TODAY)).problems()).isEmpty();
            assertThat(check.check(passport(PassiveAuthentication.VALID, TODAY.minusDays(1))).problems())
                    .containsExactly(EXPIRED);
        }

        private TravelDocument passport(PassiveAuthentication pa, LocalDate expiry) {
            return new TravelDocument(DocumentType.PASSPORT, "ERIKSSON", "ANNA MARIA", Sex.FEMALE,
                    LocalDate.of(1974, 8, 12), "L898902C3", "UTO", "UTO", expiry, Portrait.NONE, pa, false);
        }
    }

    @Test
    void reportsEveryProblemInDeclarationOrderAndSplitsThemBySeverity() {
        ResidentIdCard card = card()
                .born(TODAY.minusYears(10))
                .numberBirthDate(TODAY.minusYears(11))
                .sex(Sex.FEMALE)
                .sequence("011")
                .validUntil(TODAY.minusDays(1))
                .build();

        DocumentCheckResult result = check.check(card);

        assertThat(result.problems()).containsExactly(EXPIRED, BIRTH_DATE_MISMATCH, SEX_MISMATCH, UNDER_AGE);
        assertThat(result.refusals()).isEqualTo(result.problems());
        assertThat(result.warnings()).isEmpty();
        assertThat(result.toString()).doesNotContain(card.idNumber());
    }

    @Test
    void theResultCannotBeChangedFromOutside() {
        List<DocumentProblem> problems = new ArrayList<>(List.of(EXPIRED));
        DocumentCheckResult result = new DocumentCheckResult(problems);
        problems.add(UNDER_AGE);

        assertThat(result.problems()).containsExactly(EXPIRED);
        assertThatThrownBy(() -> result.problems().add(UNDER_AGE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void severities() {
        assertThat(DocumentProblem.values())
                .filteredOn(p -> p.severity() == DocumentProblem.Severity.WARN)
                .containsExactly(PASSIVE_AUTHENTICATION_NOT_CHECKED);
    }

    private static Clock clockOn(LocalDate date) {
        return Clock.fixed(date.atTime(10, 0).atZone(SHANGHAI).toInstant(), SHANGHAI);
    }

    private static CardBuilder card() {
        return new CardBuilder();
    }

    /** A sound adult male card unless told otherwise; the number follows the fields unless set. */
    private static final class CardBuilder {
        private LocalDate birthDate = ADULT_BIRTH;
        private LocalDate numberBirthDate;
        private Sex sex = Sex.MALE;
        private String sequence;
        private String idNumber;
        private LocalDate validFrom = TODAY.minusYears(2);
        private Optional<LocalDate> validUntil = Optional.of(TODAY.plusYears(18));

        CardBuilder born(LocalDate date) {
            birthDate = date;
            return this;
        }

        CardBuilder numberBirthDate(LocalDate date) {
            numberBirthDate = date;
            return this;
        }

        CardBuilder sex(Sex value) {
            sex = value;
            return this;
        }

        CardBuilder sequence(String value) {
            sequence = value;
            return this;
        }

        CardBuilder idNumber(String value) {
            idNumber = value;
            return this;
        }

        CardBuilder validFrom(LocalDate date) {
            validFrom = date;
            return this;
        }

        CardBuilder validUntil(LocalDate date) {
            validUntil = Optional.of(date);
            return this;
        }

        CardBuilder longTerm() {
            validUntil = Optional.empty();
            return this;
        }

        ResidentIdCard build() {
            String number = idNumber;
            if (number == null) {
                LocalDate embedded = numberBirthDate != null ? numberBirthDate : birthDate;
                String seq = sequence != null ? sequence : (sex == Sex.FEMALE ? "012" : "011");
                String first17 = "110101" + embedded.format(DateTimeFormatter.BASIC_ISO_DATE) + seq;
                number = first17 + ResidentIdNumber.checkCharacterFor(first17);
            }
            return new ResidentIdCard("测试", sex, Nation.HAN, birthDate, "北京市东城区", number, "北京市公安局东城分局",
                    validFrom, validUntil, Portrait.NONE, true);
        }
    }
}
