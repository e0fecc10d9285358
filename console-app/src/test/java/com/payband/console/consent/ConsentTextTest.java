package com.payband.console.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The consent texts shipped with the console: one per language, versioned, read from the resources. */
class ConsentTextTest {

    @Test
    void chineseForAnyZhLocaleEnglishOtherwise() {
        ConsentText zh = ConsentText.current(Locale.forLanguageTag("zh-TW"));
        assertThat(zh.locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(zh.language()).isEqualTo("zh-CN");
        assertThat(zh.text()).contains("加密", "挂失", "五年");

        ConsentText en = ConsentText.current(Locale.FRENCH);
        assertThat(en.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(en.language()).isEqualTo("en");
        assertThat(en.text()).contains("encrypted", "stolen", "five years");
    }

    @Test
    void bothLanguagesCarryTheSameVersionAndNotTheVersionLine() {
        ConsentText en = ConsentText.current(Locale.ENGLISH);
        ConsentText zh = ConsentText.current(Locale.SIMPLIFIED_CHINESE);
        assertThat(en.version()).isEqualTo("2026-11").isEqualTo(zh.version());
        for (ConsentText text : new ConsentText[] {en, zh}) {
            assertThat(text.text()).doesNotContain("version:").isEqualTo(text.text().strip());
            assertThat(text.paragraphs()).hasSize(7).allSatisfy(p -> assertThat(p).isNotBlank());
        }
        long words = en.text().split("\\s+").length;
        assertThat(words).isBetween(150L, 250L);
    }

    @Test
    void aTextWithoutItsVersionLineIsRefused() {
        assertThatThrownBy(() -> ConsentText.parse("We keep your data.\n", Locale.ENGLISH))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("version:");
        assertThat(ConsentText.parse("\uFEFFversion: 7\r\n\r\nText.\r\n", Locale.ENGLISH))
                .isEqualTo(new ConsentText("7", Locale.ENGLISH, "Text."));
        assertThatThrownBy(() -> new ConsentText("", Locale.ENGLISH, "Text.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsentText("x".repeat(33), Locale.ENGLISH, "Text."))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsentText("1", Locale.ENGLISH, " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
