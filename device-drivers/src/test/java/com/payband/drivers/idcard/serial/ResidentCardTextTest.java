package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.sim.SampleDocument;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResidentCardTextTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneId.of("Asia/Shanghai"));
    private static final Portrait PHOTO = new Portrait(Portrait.Format.WLT, new byte[1024]);

    /** A block written by hand, field by field, as a SAM delivers it: independent of the encoder. */
    private static byte[] handMade(String name, String sex, String nation, String birth, String address, String id,
            String authority, String from, String to, String reserved) {
        String text = pad(name, 15) + pad(sex, 1) + pad(nation, 2) + pad(birth, 8) + pad(address, 35) + pad(id, 18)
                + pad(authority, 15) + pad(from, 8) + pad(to, 8) + pad(reserved, 18);
        byte[] block = text.getBytes(StandardCharsets.UTF_16LE);
        assertThat(block).hasSize(256);
        return block;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    @Test
    void decodesAHandMadeBlock() throws IdCardReadException {
        byte[] block = handMade("张伟", "1", "01", "19880315", "北京市东城区景山前街4号", "11010119880315011X",
                "北京市公安局东城分局", "20210301", "20410301", "");
        ResidentIdCard card = ResidentCardText.decode(block, PHOTO, false);
        assertThat(card.fullName()).isEqualTo("张伟");
        assertThat(card.sex()).isEqualTo(Sex.MALE);
        assertThat(card.nation()).isEqualTo(Nation.HAN);
        assertThat(card.nation().chineseName()).isEqualTo("汉");
        assertThat(card.nation().englishName()).isEqualTo("Han");
        assertThat(card.birthDate()).isEqualTo(LocalDate.of(1988, 3, 15));
        assertThat(card.address()).isEqualTo("北京市东城区景山前街4号");
        assertThat(card.idNumber()).isEqualTo("11010119880315011X");
        assertThat(card.issuingAuthority()).isEqualTo("北京市公安局东城分局");
        assertThat(card.validFrom()).isEqualTo(LocalDate.of(2021, 3, 1));
        assertThat(card.validUntil()).contains(LocalDate.of(2041, 3, 1));
        assertThat(card.portrait()).isEqualTo(PHOTO);
        assertThat(card.simulated()).isFalse();
    }

    @Test
    void longTermIsAnEmptyValidUntil() throws IdCardReadException {
        byte[] block = handMade("阿依古丽·买买提", "2", "05", "19700521", "新疆乌鲁木齐市天山区解放南路100号",
                "650102197005210228", "乌鲁木齐市公安局天山分局", "20220101", "长期", "");
        ResidentIdCard card = ResidentCardText.decode(block, PHOTO, true);
        assertThat(card.longTerm()).isTrue();
        assertThat(card.validUntil()).isEmpty();
        assertThat(card.sex()).isEqualTo(Sex.FEMALE);
        assertThat(card.nation()).isEqualTo(Nation.UYGHUR);
        assertThat(card.nation().chineseName()).isEqualTo("维吾尔");
        assertThat(card.simulated()).isTrue();
        assertThat(ResidentCardText.encode(card)).isEqualTo(block);
    }

    @ParameterizedTest
    @EnumSource(Nation.class)
    void everyNationCodeDecodesToItsNamesInBothLanguages(Nation nation) throws IdCardReadException {
        byte[] block = handMade("测试", "1", String.format("%02d", nation.code()), "19900101", "地址", "110101199001010015",
                "机关", "20200101", "20300101", "");
        Nation decoded = ResidentCardText.decode(block, PHOTO, false).nation();
        assertThat(decoded).isEqualTo(nation);
        assertThat(decoded.chineseName()).isNotBlank();
        assertThat(decoded.englishName()).isNotBlank();
    }

    @Test
    void aNationCodeOutsideGbt3304IsUnreadable() {
        byte[] block = handMade("测试", "1", "57", "19900101", "地址", "110101199001010015", "机关", "20200101", "20300101", "");
        assertUnreadable(block);
        assertUnreadable(handMade("测试", "1", "0A", "19900101", "地址", "110101199001010015", "机关", "20200101", "20300101", ""));
    }

    @Test
    void aWrongCheckCharacterIsDeliveredForTheAcceptanceRulesToRefuse() throws IdCardReadException {
        String first17 = "44010619790911035";
        char check = com.payband.drivers.idcard.check.ResidentIdNumber.checkCharacterFor(first17);
        ResidentIdCard good = ResidentCardText.decode(handMade("李强", "1", "01", "19790911", "地址", first17 + check,
                "机关", "20240101", "20440101", ""), PHOTO, false);
        assertThat(ResidentCardText.checkCharacterValid(good)).isTrue();
        char wrong = check == '0' ? '1' : '0';
        ResidentIdCard bad = ResidentCardText.decode(handMade("李强", "1", "01", "19790911", "地址", first17 + wrong,
                "机关", "20240101", "20440101", ""), PHOTO, false);
        assertThat(bad.idNumber()).isEqualTo(first17 + wrong);
        assertThat(ResidentCardText.checkCharacterValid(bad)).isFalse();
    }

    @Test
    void aLowerCaseXCheckCharacterIsNormalised() throws IdCardReadException {
        ResidentIdCard card = ResidentCardText.decode(handMade("张伟", "1", "01", "19880315", "地址", "11010119880315011x",
                "机关", "20210301", "20410301", ""), PHOTO, false);
        assertThat(card.idNumber()).endsWith("X");
    }

    @Test
    void malformedFieldsAreUnreadable() {
        assertUnreadable(handMade("张伟", "3", "01", "19880315", "地址", "11010119880315011X", "机关", "20210301", "20410301", ""));
        assertUnreadable(handMade("张伟", "1", "01", "19880231", "地址", "11010119880315011X", "机关", "20210301", "20410301", ""));
        assertUnreadable(handMade("张伟", "1", "01", "1988-3-1", "地址", "11010119880315011X", "机关", "20210301", "20410301", ""));
        assertUnreadable(handMade("张伟", "1", "01", "19880315", "地址", "1101011988031501", "机关", "20210301", "20410301", ""));
        assertUnreadable(handMade("张伟", "1", "01", "19880315", "地址", "11010119880315011X", "机关", "20210301", "永久", ""));
        assertUnreadable(handMade("", "1", "01", "19880315", "地址", "11010119880315011X", "机关", "20210301", "20410301", ""));
        assertUnreadable(new byte[255]);
    }

    @Test
    void otherCardKindsMarkedInTheReservedAreaAreRefused() {
        for (String type : new String[] {"I", "J", "Y"}) {
            byte[] block = handMade("张伟", "1", "01", "19880315", "地址", "11010119880315011X", "机关", "20210301",
                    "20410301", " ".repeat(14) + type);
            assertUnreadable(block);
        }
    }

    @Test
    void nulPaddingIsPaddingToo() throws IdCardReadException {
        byte[] block = handMade("张伟", "1", "01", "19880315", "地址", "11010119880315011X", "机关", "20210301", "20410301", "");
        block = ResidentCardText.withCharacters(block, 2, "\0\0\0");
        assertThat(ResidentCardText.decode(block, PHOTO, false).fullName()).isEqualTo("张伟");
    }

    @Test
    void everyResidentSampleSurvivesEncodingAndDecoding() throws IdCardReadException {
        int residents = 0;
        for (SampleDocument sample : SampleDocuments.all()) {
            IdDocument doc = sample.document(CLOCK);
            if (doc instanceof ResidentIdCard card) {
                residents++;
                assertThat(ResidentCardText.decode(ResidentCardText.encode(card), card.portrait(), true)).isEqualTo(card);
            }
        }
        assertThat(residents).isGreaterThanOrEqualTo(5);
    }

    @Test
    void encodingRefusesFieldsTooLongForTheBlock() {
        ResidentIdCard card = new ResidentIdCard("张".repeat(16), Sex.MALE, Nation.HAN, LocalDate.of(1990, 1, 1), "地址",
                "110101199001010015", "机关", LocalDate.of(2020, 1, 1), Optional.empty(), PHOTO, true);
        assertThatThrownBy(() -> ResidentCardText.encode(card)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cardDataCarriesTextAndPhotoWithTheirLengths() {
        CardData data = new CardData(new byte[256], new byte[1024]);
        assertThat(CardData.decode(data.encode())).isEqualTo(data);
        byte[] wrong = data.encode();
        wrong[0] = 0x02;
        assertThatThrownBy(() -> CardData.decode(wrong)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CardData.decode(java.util.Arrays.copyOf(data.encode(), 1000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertUnreadable(byte[] block) {
        assertThatThrownBy(() -> ResidentCardText.decode(block, PHOTO, false))
                .isInstanceOfSatisfying(IdCardReadException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.UNREADABLE_DOCUMENT));
    }
}
