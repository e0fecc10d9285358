package com.payband.drivers.idcard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.TravelDocument;
import com.payband.drivers.idcard.check.DocumentCheck;
import com.payband.drivers.idcard.check.DocumentCheckResult;
import com.payband.drivers.idcard.check.DocumentProblem;
import com.payband.drivers.idcard.check.MrzCheckDigit;
import com.payband.drivers.idcard.check.ResidentIdNumber;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SampleDocumentsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    private static final Clock CLOCK = clockOn(TODAY);

    @Test
    void namesInAStableOrder() {
        assertThat(SampleDocuments.names()).containsExactly("zhang-wei", "ayigul", "wang-fang-expired",
                "li-qiang-bad-check", "chen-xiao-minor", "passport-anna", "passport-tampered", "passport-unchecked",
                "counterfeit");
    }

    @Test
    void findsSamplesByName() {
        assertThat(SampleDocuments.byName("ayigul")).map(SampleDocument::id).contains("ayigul");
        assertThat(SampleDocuments.byName("nobody")).isEmpty();
        assertThat(SampleDocuments.byName("ZHANG-WEI")).isEmpty();
    }

    static List<SampleDocument> samples() {
        return SampleDocuments.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleIsSimulatedDeterministicAndDescribedWithoutPersonalData(SampleDocument sample) {
        IdDocument document = sample.document(CLOCK);

        assertThat(document.simulated()).isTrue();
        assertThat(sample.document(CLOCK)).isEqualTo(document);
        assertThat(sample.description()).isNotBlank().isASCII()
                .doesNotContainIgnoringCase(document.fullName())
                .doesNotContain(document.documentNumber());
        assertThat(document.toString()).doesNotContain(document.fullName()).doesNotContain(document.documentNumber());
        assertThat(sample.toString()).isEqualTo("SampleDocument[" + sample.id() + "]");
        assertThat(document.portrait().isPresent()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void residentCardsCarryAWltBlockAndANumberThatAgreesWithTheCard(SampleDocument sample) {
        if (!(sample.document(CLOCK) instanceof ResidentIdCard card)) {
            return;
        }
        byte[] photo = card.portrait().data();
        assertThat(card.portrait().format()).isEqualTo(Portrait.Format.WLT);
        assertThat(photo).hasSize(1024).startsWith("PBSIMWLT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(ResidentIdNumber.isWellFormed(card.idNumber())).isTrue();
        assertThat(ResidentIdNumber.embeddedBirthDate(card.idNumber())).contains(card.birthDate());
        assertThat(ResidentIdNumber.embeddedSex(card.idNumber())).contains(card.sex());
        assertThat(ResidentIdNumber.hasValidCheckCharacter(card.idNumber()))
                .isEqualTo(!sample.id().equals("li-qiang-bad-check"));
        assertThat(card.fullName().length()).isLessThanOrEqualTo(15);   // 30 bytes of UCS-2 on the chip
        assertThat(card.address().length()).isLessThanOrEqualTo(35);    // 70 bytes
        assertThat(card.issuingAuthority().length()).isLessThanOrEqualTo(15);
        assertThat(sample.accessKey(CLOCK)).isEmpty();
    }

    @Test
    void photosDifferBetweenSamples() {
        List<String> hashes = SampleDocuments.all().stream()
                .map(s -> s.document(CLOCK).portrait().sha256())
                .toList();

        assertThat(hashes).doesNotHaveDuplicates();
    }

    @Test
    void passportPhotosAreJpegsThatDecode() throws IOException {
        for (String name : List.of("passport-anna", "passport-tampered", "passport-unchecked")) {
            Portrait portrait = SampleDocuments.byName(name).orElseThrow().document(CLOCK).portrait();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(portrait.data()));

            assertThat(portrait.format()).isEqualTo(Portrait.Format.JPEG);
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isPositive();
        }
    }

    @Test
    void zhangWeiHoldsATwentyYearBeijingCard() {
        ResidentIdCard card = (ResidentIdCard) document("zhang-wei");

        assertThat(card.fullName()).isEqualTo("张伟");
        assertThat(card.sex()).isEqualTo(Sex.MALE);
        assertThat(card.nation()).isEqualTo(Nation.HAN);
        assertThat(card.birthDate().getYear()).isEqualTo(1988);
        assertThat(card.idNumber()).startsWith("110101" + "1988");
        assertThat(card.issuingAuthority()).isEqualTo("北京市公安局东城分局");
        assertThat(card.validFrom()).isEqualTo(TODAY.minusYears(5));
        assertThat(card.validUntil()).contains(TODAY.plusYears(15));
    }

    @Test
    void ayigulHoldsALongTermUrumqiCard() {
        ResidentIdCard card = (ResidentIdCard) document("ayigul");

        assertThat(card.fullName()).isEqualTo("阿依古丽·买买提");
        assertThat(card.nation()).isEqualTo(Nation.UYGHUR);
        assertThat(card.sex()).isEqualTo(Sex.FEMALE);
        assertThat(card.longTerm()).isTrue();
        assertThat(card.idNumber()).startsWith("650102" + "1970");
        assertThat(card.issuingAuthority()).isEqualTo("乌鲁木齐市公安局天山分局");
    }

    @Test
    void chenXiaoIsSixteenToday() {
        IdDocument document = document("chen-xiao-minor");

        assertThat(Period.between(document.birthDate(), TODAY).getYears()).isEqualTo(16);
    }

    @Test
    void annaIsTheIcaoSpecimen() {
        TravelDocument passport = (TravelDocument) document("passport-anna");

        assertThat(passport.documentType()).isEqualTo(DocumentType.PASSPORT);
        assertThat(passport.primaryIdentifier()).isEqualTo("ERIKSSON");
        assertThat(passport.secondaryIdentifier()).isEqualTo("ANNA MARIA");
        assertThat(passport.fullName()).isEqualTo("ANNA MARIA ERIKSSON");
        assertThat(passport.issuingState()).isEqualTo("UTO");
        assertThat(passport.documentNumber()).isEqualTo("L898902C3");
        assertThat(MrzCheckDigit.compute(passport.documentNumber())).isEqualTo('6');
        assertThat(passport.birthDate()).isEqualTo(LocalDate.of(1974, 8, 12));
        assertThat(passport.expiryDate()).isEqualTo(TODAY.plusYears(5));
        assertThat(passport.passiveAuthentication()).isEqualTo(PassiveAuthentication.VALID);
        assertThat(SampleDocuments.byName("passport-anna").orElseThrow().accessKey(CLOCK)).hasValueSatisfying(key -> {
            assertThat(key.documentNumber()).isEqualTo("L898902C3");
            assertThat(key.expiryDate()).isEqualTo(passport.expiryDate());
        });
    }

    @Test
    void onlyTheCounterfeitHasAFailingChip() {
        assertThat(SampleDocuments.all().stream().filter(s -> !s.chipGenuine()).map(SampleDocument::id))
                .containsExactly("counterfeit");
        // Its printed data is flawless: only the chip gives it away.
        assertThat(new DocumentCheck(CLOCK, 18).check(document("counterfeit")).problems()).isEmpty();
    }

    @Test
    void eachSampleMeetsTheDocumentCheckAsItsDescriptionSays() {
        assertThat(outcomes(new DocumentCheck(CLOCK, 18))).containsExactlyInAnyOrderEntriesOf(expectedAt18());
        assertThat(check(new DocumentCheck(CLOCK, 16), "chen-xiao-minor").problems()).isEmpty();
    }

    /** Built from a clock's today, the samples keep their meaning whatever the date the demo runs on. */
    @Property(tries = 200)
    void samplesNeverGoStale(@ForAll @IntRange(min = 0, max = 365 * 30) int daysFromNow) {
        Clock clock = clockOn(LocalDate.of(2024, 1, 1).plusDays(daysFromNow));

        assertThat(outcomes(new DocumentCheck(clock, 18), clock)).containsExactlyInAnyOrderEntriesOf(expectedAt18());
    }

    private static Map<String, List<DocumentProblem>> expectedAt18() {
        return Map.of(
                "zhang-wei", List.of(),
                "ayigul", List.of(),
                "wang-fang-expired", List.of(DocumentProblem.EXPIRED),
                "li-qiang-bad-check", List.of(DocumentProblem.INVALID_CHECK_CHARACTER),
                "chen-xiao-minor", List.of(DocumentProblem.UNDER_AGE),
                "passport-anna", List.of(),
                "passport-tampered", List.of(DocumentProblem.PASSIVE_AUTHENTICATION_FAILED),
                "passport-unchecked", List.of(DocumentProblem.PASSIVE_AUTHENTICATION_NOT_CHECKED),
                "counterfeit", List.of());
    }

    private static Map<String, List<DocumentProblem>> outcomes(DocumentCheck check) {
        return outcomes(check, CLOCK);
    }

    private static Map<String, List<DocumentProblem>> outcomes(DocumentCheck check, Clock clock) {
        return SampleDocuments.all().stream().collect(Collectors.toMap(
                SampleDocument::id, s -> check.check(s.document(clock)).problems()));
    }

    private static DocumentCheckResult check(DocumentCheck check, String name) {
        return check.check(document(name));
    }

    private static IdDocument document(String name) {
        Optional<SampleDocument> sample = SampleDocuments.byName(name);
        return sample.orElseThrow().document(CLOCK);
    }

    private static Clock clockOn(LocalDate date) {
        return Clock.fixed(date.atTime(9, 30).atZone(SHANGHAI).toInstant(), SHANGHAI);
    }
}
