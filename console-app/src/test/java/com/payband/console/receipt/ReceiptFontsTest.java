package com.payband.console.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding a font that has every character of a receipt, and refusing clearly when there is none. */
class ReceiptFontsTest {

    private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    private static final Path WQY = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

    @Test
    void eachSystemHasItsWellKnownPlaces() {
        assertThat(ReceiptFonts.wellKnown("Linux", null)).contains(DEJAVU, WQY,
                Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"));
        assertThat(ReceiptFonts.wellKnown("Windows 11", "D:\\Windows")).extracting(p -> p.getFileName().toString())
                .contains("msyh.ttc", "simsun.ttc");
        assertThat(ReceiptFonts.wellKnown("Mac OS X", null)).contains(Path.of("/System/Library/Fonts/PingFang.ttc"));
        // Latin fonts are preferred for text they can print; the CJK ones come after
        List<Path> linux = ReceiptFonts.wellKnown("Linux", null);
        assertThat(linux.indexOf(DEJAVU)).isLessThan(linux.indexOf(WQY));
    }

    @Test
    void chineseTextGetsAChineseFontAndLatinTextALatinOne() throws Exception {
        assertThat(Files.isRegularFile(DEJAVU) && Files.isRegularFile(WQY)).as("DejaVu Sans and WenQuanYi Micro Hei (src/scripts/test.sh installs fonts-dejavu-core and fonts-wqy-microhei)").isTrue();
        ReceiptFonts fonts = ReceiptFonts.of(List.of(DEJAVU, WQY));
        try (ReceiptFonts.Face face = fonts.open("Band serial PB1-2026-00042 \u00b7 1 / 2")) {
            assertThat(face.description()).contains("DejaVuSans.ttf");
        }
        try (ReceiptFonts.Face face = fonts.open("Customer 张* \u00b7 手环序列号，绑定编号")) {
            assertThat(face.description()).contains("wqy-microhei.ttc", "WenQuanYi");
        }
    }

    @Test
    void aNamedFontThatCannotPrintTheTextIsAnErrorNotAFallback() {
        assertThat(Files.isRegularFile(DEJAVU)).as("DejaVu Sans (src/scripts/test.sh installs fonts-dejavu-core)").isTrue();
        assertThatThrownBy(() -> ReceiptFonts.named(DEJAVU).open("张*"))
                .isInstanceOfSatisfying(ReceiptException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReceiptException.Reason.FONT_UNUSABLE))
                .hasMessageContaining(ReceiptFonts.FONT_PROPERTY).hasMessageContaining("no glyph for U+5F20");
        assertThatThrownBy(() -> ReceiptFonts.named(Path.of("/nonexistent/font.ttc")).open("A"))
                .isInstanceOfSatisfying(ReceiptException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReceiptException.Reason.FONT_UNUSABLE))
                .hasMessageContaining("no such file");
    }

    @Test
    void aFileThatIsNoFontIsPassedOver() throws Exception {
        Path notAFont = Files.createTempFile("receipt", ".ttf");
        try {
            Files.writeString(notAFont, "not a font");
            assertThatThrownBy(() -> ReceiptFonts.of(List.of(notAFont)).open("张"))
                    .isInstanceOfSatisfying(ReceiptException.class,
                            e -> assertThat(e.reason()).isEqualTo(ReceiptException.Reason.NO_CJK_FONT))
                    .hasMessageContaining("unreadable");
        } finally {
            Files.deleteIfExists(notAFont);
        }
    }

    @Test
    void chineseScriptAndItsPunctuationNeedACjkFont() {
        assertThat("张，。（）：".codePoints()).allMatch(ReceiptFonts::isCjk);
        assertThat("Az09 -/·é".codePoints()).noneMatch(ReceiptFonts::isCjk);
    }
}
