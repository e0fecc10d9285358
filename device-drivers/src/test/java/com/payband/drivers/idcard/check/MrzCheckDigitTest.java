package com.payband.drivers.idcard.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Against the TD3 specimen of ICAO 9303 Part 4: L898902C36UTO7408122F1204159ZE184226B<<<<<10. */
class MrzCheckDigitTest {

    @Test
    void documentNumberOfTheSpecimen() {
        assertThat(MrzCheckDigit.compute("L898902C3")).isEqualTo('6');
        assertThat(MrzCheckDigit.isValid("L898902C3", '6')).isTrue();
        assertThat(MrzCheckDigit.isValid("L898902C3", '5')).isFalse();
    }

    @Test
    void datesOfTheSpecimen() {
        assertThat(MrzCheckDigit.compute("740812")).isEqualTo('2');
        assertThat(MrzCheckDigit.compute("120415")).isEqualTo('9');
    }

    @Test
    void optionalDataAndCompositeOfTheSpecimen() {
        assertThat(MrzCheckDigit.compute("ZE184226B<<<<<")).isEqualTo('1');
        // Composite: document number, birth date, expiry date and optional data, each with its check digit.
        assertThat(MrzCheckDigit.compute("L898902C36" + "7408122" + "1204159" + "ZE184226B<<<<<1")).isEqualTo('0');
    }

    @Test
    void fillersCountAsZero() {
        assertThat(MrzCheckDigit.compute("<<<<<<<<<")).isEqualTo('0');
        assertThat(MrzCheckDigit.compute("")).isEqualTo('0');
        assertThat(MrzCheckDigit.compute("A")).isEqualTo('0'); // 10 · 7 = 70
        assertThat(MrzCheckDigit.compute("Z")).isEqualTo('5'); // 35 · 7 = 245
    }

    @Test
    void refusesCharactersOutsideTheMrzSetWithoutEchoingTheField() {
        assertThatThrownBy(() -> MrzCheckDigit.compute("l898902c3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character 1")
                .hasMessageNotContaining("898902");
        assertThat(MrzCheckDigit.isValid("L898902C3 ", '6')).isFalse();
        assertThat(MrzCheckDigit.isValid("Ä", '0')).isFalse();
    }
}
