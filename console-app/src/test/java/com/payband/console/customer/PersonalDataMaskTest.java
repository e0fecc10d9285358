package com.payband.console.customer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataMaskTest {

    @Test
    void masksKeepOnlyWhatTellsCustomersApartAtACounter() {
        assertThat(PersonalDataMask.name("张伟")).isEqualTo("张*");
        assertThat(PersonalDataMask.name("欧阳娜娜")).isEqualTo("欧***");
        assertThat(PersonalDataMask.name("阿依古丽·买买提")).isEqualTo("阿***·买**");
        assertThat(PersonalDataMask.name("ANNA MARIA ERIKSSON")).isEqualTo("A*** M**** E*******");
        assertThat(PersonalDataMask.documentNumber("11010519491231002X")).isEqualTo("1101**********002X");
        assertThat(PersonalDataMask.documentNumber("L898902C3")).isEqualTo("L8*****C3");
        assertThat(PersonalDataMask.documentNumber("12345")).isEqualTo("*****");
    }

    @Test
    void namesNormaliseToOneLookupForm() {
        assertThat(NameNormaliser.normalise("Anna-Maria  O'Neil")).isEqualTo(NameNormaliser.normalise("ANNA MARIA ONEIL"));
        assertThat(NameNormaliser.normalise("ＺＨＡＮＧ　ＷＥＩ")).isEqualTo("ZHANGWEI");
        assertThat(NameNormaliser.normalise("阿依古丽·买买提")).isEqualTo("阿依古丽买买提");
        assertThat(NameNormaliser.normalise("张伟")).isNotEqualTo(NameNormaliser.normalise("张玮"));
        assertThat(DocumentNumbers.normalise(" 11010519491231002x ")).isEqualTo("11010519491231002X");
    }
}
