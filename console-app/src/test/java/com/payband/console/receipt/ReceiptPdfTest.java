package com.payband.console.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.consent.ConsentText;
import com.payband.console.i18n.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * Receipts as the customer takes them home: rendered, then read back with PDFBox's text extraction,
 * which sees what a reader (and a screen reader) sees.
 */
class ReceiptPdfTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant ISSUED = Instant.parse("2026-11-03T06:30:00Z");
    private static final Instant ACCEPTED = Instant.parse("2026-11-03T06:25:10Z");
    private static final UUID BINDING = UUID.fromString("5f0c6a3e-8d7b-4c1e-9a52-3e9d7b0c1f24");
    private static final String SERIAL = "PB1-2026-00042";

    private final ReceiptPdf pdf = new ReceiptPdf(ReceiptFonts.system(), SHANGHAI);

    static Receipt enrollment(String maskedName, String maskedNumber, List<Receipt.Line> lines) {
        return new Receipt(ReceiptKind.ENROLLMENT, ISSUED, "8e1d5f7a-store", "clerk-03", maskedName, maskedNumber,
                SERIAL, BINDING, lines, Optional.empty());
    }

    @Test
    void anEnglishEnrollmentReceiptCarriesWhatTheCustomerReliesOn() throws Exception {
        ConsentText consent = ConsentText.current(Locale.ENGLISH);
        Receipt receipt = enrollment("张*", "1101**********0015", List.of(new Receipt.Line("Payment check", "passed")))
                .withConsent(consent, ACCEPTED);

        try (PDDocument document = Loader.loadPDF(pdf.render(receipt, Locale.UK))) {
            assertThat(document.getNumberOfPages()).isGreaterThan(1);
            String text = text(document);
            assertThat(text).contains("PayBand band enrollment receipt", "Band serial number", SERIAL, "Binding reference",
                    BINDING.toString(), "clerk-03", "8e1d5f7a-store", "张*", "1101**********0015", "Payment check",
                    "passed", "2026-11-03 14:30:00 China Standard Time", "report it at once");
            assertThat(text).contains("Customer consent", "Consent version", "2026-11", "English",
                    "2026-11-03 14:25:10 China Standard Time", "I have read the text above (version 2026-11) and I accept it.",
                    "Customer signature", "Date");
            assertContainsEveryParagraph(document, consent);
            int pages = document.getNumberOfPages();
            for (int page = 1; page <= pages; page++) {
                assertThat(text(document, page)).contains(page + " / " + pages, BINDING.toString());
            }
            assertThat(text(document, 1)).doesNotContain("Customer consent");
            assertThat(text(document, pages)).contains("Customer signature");
            assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("en");
            assertFontsAreEmbeddedSubsets(document);
        }
    }

    @Test
    void aChineseEnrollmentReceiptIsInChineseWithAnEmbeddedChineseFont() throws Exception {
        ConsentText consent = ConsentText.current(Locale.SIMPLIFIED_CHINESE);
        Receipt receipt = enrollment("张*", "1101**********0015", List.of(new Receipt.Line("付款测试", "通过")))
                .withConsent(consent, ACCEPTED);

        try (PDDocument document = Loader.loadPDF(pdf.render(receipt, Locale.SIMPLIFIED_CHINESE))) {
            assertThat(document.getNumberOfPages()).isGreaterThan(1);
            String text = text(document);
            assertThat(text).contains("PayBand 手环绑定回执", "手环序列号", SERIAL, "绑定编号", BINDING.toString(), "经办人",
                    "clerk-03", "张*", "付款测试", "通过", "2026-11-03 14:30:00 中国标准时间");
            assertThat(withoutSpace(text)).contains(withoutSpace("只能为其本人付款"), withoutSpace("客户同意书"),
                    withoutSpace("同意书版本"), withoutSpace("中文"), withoutSpace("本人已阅读以上内容（版本 2026-11）并表示同意。"),
                    withoutSpace("客户签名"));
            assertContainsEveryParagraph(document, consent);
            int pages = document.getNumberOfPages();
            assertThat(text(document, pages)).contains(pages + " / " + pages);
            assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("zh-CN");
            // (a character without a glyph in the chosen font is refused when drawn: no box can reach the page)
            assertFontsAreEmbeddedSubsets(document);
        }
    }

    @Test
    void aLongConsentRunsOverSeveralNumberedPagesAndTheSignatureStaysWithTheEnd() throws Exception {
        List<String> paragraphs = new ArrayList<>();
        for (int i = 1; i <= 45; i++) {
            paragraphs.add("Paragraph " + i + ": the band pays only for its verified holder, and a band reported lost"
                    + " or stolen is blocked at once; these words make the text long enough to fill several pages.");
        }
        ConsentText consent = new ConsentText("test-long-1", Locale.ENGLISH, String.join("\n", paragraphs));
        Receipt receipt = enrollment("A*** M***", null, List.of()).withConsent(consent, ACCEPTED);

        try (PDDocument document = Loader.loadPDF(pdf.render(receipt, Locale.ENGLISH))) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThanOrEqualTo(3);
            for (int page = 1; page <= pages; page++) {
                assertThat(text(document, page)).contains(page + " / " + pages);
            }
            String text = text(document);
            assertContainsEveryParagraph(document, consent);
            assertThat(text).contains("test-long-1").doesNotContain("Identity document");
            assertThat(text(document, pages)).contains("Paragraph 45", "Customer signature");
            // every paragraph is printed in order
            String flat = withoutSpace(body(document));
            int at = -1;
            for (String paragraph : paragraphs) {
                int next = flat.indexOf(withoutSpace(paragraph));
                assertThat(next).isGreaterThan(at);
                at = next;
            }
        }
    }

    @Test
    void chineseTextIsWrappedBetweenCharactersAndOverlongWordsAreCut() throws Exception {
        String longChinese = IntStream.range(0, 12).mapToObj(i -> "手环只为经过核实的持有人付款，遗失请立即挂失。")
                .collect(Collectors.joining());
        String longWord = "X".repeat(40) + "Y".repeat(40) + "Z".repeat(40);
        Receipt receipt = enrollment("张*", null, List.of(new Receipt.Line("说明", longChinese),
                new Receipt.Line("Reference", longWord)));

        try (PDDocument document = Loader.loadPDF(pdf.render(receipt, Locale.SIMPLIFIED_CHINESE))) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            String text = text(document);
            assertThat(withoutSpace(text)).contains(longChinese, longWord);
            // wrapped: no line holds the whole value
            assertThat(text.lines()).noneMatch(line -> line.contains(longChinese) || line.contains(longWord));
        }
    }

    @Test
    void everyKindAndEveryReasonHasItsWordsInBothLanguages() throws Exception {
        for (Locale locale : Messages.SUPPORTED) {
            Messages messages = new Messages(locale);
            for (ReceiptKind kind : ReceiptKind.values()) {
                assertThat(messages.has("receipt.title." + kind)).as(locale + " " + kind).isTrue();
                assertThat(messages.has("receipt.note." + kind)).as(locale + " " + kind).isTrue();
            }
            for (ReceiptException.Reason reason : ReceiptException.Reason.values()) {
                assertThat(messages.has("error.receipt." + reason)).as(locale + " " + reason).isTrue();
            }
            assertThat(messages.get("receipt.page", 1, 2)).isEqualTo("1 / 2");
            assertThat(messages.get("receipt.page", 1000, 1000)).isEqualTo("1000 / 1000");
        }
        // the later kinds print with the same generator
        for (ReceiptKind kind : ReceiptKind.values()) {
            Receipt receipt = new Receipt(kind, ISSUED, "store", "agent-1", "张*", null, SERIAL, BINDING, List.of(),
                    Optional.empty());
            try (PDDocument document = Loader.loadPDF(pdf.render(receipt, Locale.SIMPLIFIED_CHINESE))) {
                assertThat(text(document)).contains(new Messages(Locale.SIMPLIFIED_CHINESE).get("receipt.title." + kind));
            }
        }
    }

    @Test
    void withoutAChineseFontAChineseReceiptIsRefusedSayingWhatToInstall() {
        ReceiptPdf noFonts = new ReceiptPdf(ReceiptFonts.of(List.of(Path.of("/nonexistent/font.ttf"))), SHANGHAI);
        Receipt receipt = enrollment("张*", null, List.of());
        assertThatThrownBy(() -> noFonts.render(receipt, Locale.SIMPLIFIED_CHINESE))
                .isInstanceOfSatisfying(ReceiptException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReceiptException.Reason.NO_CJK_FONT))
                .hasMessageContaining("fonts-wqy-microhei").hasMessageContaining(ReceiptFonts.FONT_PROPERTY);
        // an English receipt about a customer with a Chinese name needs the Chinese font just the same
        assertThatThrownBy(() -> noFonts.render(receipt, Locale.ENGLISH))
                .isInstanceOfSatisfying(ReceiptException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReceiptException.Reason.NO_CJK_FONT));
        assertThatThrownBy(() -> noFonts.render(enrollment("A*** M***", null, List.of()), Locale.ENGLISH))
                .isInstanceOfSatisfying(ReceiptException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReceiptException.Reason.NO_FONT));
    }

    private static void assertContainsEveryParagraph(PDDocument document, ConsentText consent) throws IOException {
        String flat = withoutSpace(body(document));
        assertThat(consent.paragraphs()).allSatisfy(p -> assertThat(flat).contains(withoutSpace(p)));
    }

    /** Text extraction breaks lines where the receipt wrapped them: compare without any white space. */
    static String withoutSpace(String text) {
        return text.replaceAll("\\s+", "");
    }

    static String text(PDDocument document) throws IOException {
        return new PDFTextStripper().getText(document);
    }

    /** The text of every page without its footer, which would otherwise split a paragraph running onto the next page. */
    static String body(PDDocument document) throws IOException {
        StringBuilder body = new StringBuilder();
        for (int page = 1; page <= document.getNumberOfPages(); page++) {
            text(document, page).lines().filter(line -> !line.contains("\u00b7 " + BINDING))
                    .forEach(line -> body.append(line).append('\n'));
        }
        return body.toString();
    }

    static String text(PDDocument document, int page) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(document);
    }

    /** Every font of every page is a Type 0 font whose TrueType subset is in the file. */
    static List<PDFont> assertFontsAreEmbeddedSubsets(PDDocument document) throws IOException {
        List<PDFont> fonts = new ArrayList<>();
        for (PDPage page : document.getPages()) {
            for (COSName name : page.getResources().getFontNames()) {
                fonts.add(page.getResources().getFont(name));
            }
        }
        assertThat(fonts).isNotEmpty().allSatisfy(font -> {
            assertThat(font).isInstanceOf(PDType0Font.class);
            assertThat(font.isEmbedded()).as(font.getName()).isTrue();
            assertThat(font.getName()).as("subset tag").matches("[A-Z]{6}\\+.+");
            PDType0Font type0 = (PDType0Font) font;
            assertThat(type0.getDescendantFont().getFontDescriptor().getFontFile2()).as(font.getName()).isNotNull();
        });
        return fonts;
    }
}
