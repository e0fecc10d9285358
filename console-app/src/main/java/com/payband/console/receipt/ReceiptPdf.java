package com.payband.console.receipt;

import com.payband.console.consent.ConsentText;
import com.payband.console.i18n.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Prints receipts as PDF, for every {@link ReceiptKind}: the title and note of the kind, the fixed
 * fields (issued, store, staff, customer as given, band serial, binding reference), the caller's
 * lines, and, when the receipt carries the consent, the consent text in full from a new page, with
 * its version, language and time of acceptance and lines for the customer to sign and date. Labels
 * come from the messages ({@code receipt.*}) in the receipt's language; times are printed in the
 * console's time zone with their offset. Every page has the receipt's title, binding reference and
 * "page / pages" at its foot.
 *
 * <p>The text is set in one font found by {@link ReceiptFonts} that has every character of the
 * receipt, embedded as a subset: a receipt that no installed font can print is refused
 * ({@link ReceiptException}), never printed with boxes.
 */
public final class ReceiptPdf {

    /** The local time and its zone's name in the customer's language ("China Standard Time", "中国标准时间"). */
    private static final String TIME = "yyyy-MM-dd HH:mm:ss zzzz";

    private final ReceiptFonts fonts;
    private final ZoneId zone;

    public ReceiptPdf(ReceiptFonts fonts, ZoneId zone) {
        this.fonts = Objects.requireNonNull(fonts, "fonts");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Receipts in the system's fonts ({@link ReceiptFonts#system()}) and time zone. */
    public static ReceiptPdf withSystemFonts() {
        return new ReceiptPdf(ReceiptFonts.system(), ZoneId.systemDefault());
    }

    /**
     * The receipt as a PDF document, labelled in this locale's language (Chinese for any zh locale,
     * English otherwise).
     *
     * @throws ReceiptException no font can print the receipt (NO_CJK_FONT, NO_FONT, FONT_UNUSABLE), or
     *                          writing it failed (RENDER_FAILED)
     */
    public byte[] render(Receipt receipt, Locale locale) throws ReceiptException {
        Objects.requireNonNull(receipt, "receipt");
        Messages messages = new Messages(locale);
        List<Block> blocks = layout(receipt, messages);
        String title = messages.get("receipt.title." + receipt.kind());
        String footer = title + " \u00b7 " + receipt.bindingId();
        StringBuilder allText = new StringBuilder(footer).append("0123456789 /.");
        for (Block block : blocks) {
            allText.append(block.text());
        }
        allText.append(messages.get("receipt.page", 1, 1));
        try (ReceiptFonts.Face face = fonts.open(allText.toString())) {
            return write(receipt, messages, blocks, face, title, footer);
        } catch (IOException e) {
            throw new ReceiptException(ReceiptException.Reason.RENDER_FAILED, "cannot write the receipt: " + e.getMessage(), e);
        }
    }

    private byte[] write(Receipt receipt, Messages messages, List<Block> blocks, ReceiptFonts.Face face, String title,
            String footer) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType0Font font = PDType0Font.load(document, face.font(), true);
            try (ReceiptPages pages = new ReceiptPages(document, font, messages.locale())) {
                for (Block block : blocks) {
                    block.drawOn(pages);
                }
                pages.finish(footer, (page, count) -> messages.get("receipt.page", page, count));
            }
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(title + " " + receipt.bindingId());
            info.setCreator("PayBand Console");
            info.setCreationDate(calendarOf(receipt.issuedAt()));
            document.getDocumentCatalog().setLanguage(messages.locale().toLanguageTag());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static GregorianCalendar calendarOf(Instant instant) {
        GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
        calendar.setTimeInMillis(instant.toEpochMilli());
        return calendar;
    }

    private String time(Instant instant, Locale language) {
        return DateTimeFormatter.ofPattern(TIME, language).format(instant.atZone(zone));
    }

    /** What is printed, in order; the font is chosen for all of it before anything is drawn. */
    private List<Block> layout(Receipt receipt, Messages m) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Title(m.get("receipt.title." + receipt.kind()), ReceiptPages.TITLE));
        blocks.add(new Field(m.get("receipt.issuedAt"), time(receipt.issuedAt(), m.locale())));
        blocks.add(new Field(m.get("receipt.store"), receipt.store()));
        blocks.add(new Field(m.get("receipt.staff"), receipt.staffUsername()));
        if (present(receipt.customerMaskedName())) {
            blocks.add(new Field(m.get("receipt.customer"), receipt.customerMaskedName()));
        }
        if (present(receipt.customerMaskedDocumentNumber())) {
            blocks.add(new Field(m.get("receipt.document"), receipt.customerMaskedDocumentNumber()));
        }
        blocks.add(new Field(m.get("receipt.bandSerial"), receipt.bandSerial()));
        blocks.add(new Field(m.get("receipt.bindingId"), receipt.bindingId().toString()));
        for (Receipt.Line line : receipt.lines()) {
            blocks.add(new Field(line.label(), line.value()));
        }
        blocks.add(new Gap(14));
        blocks.add(new Paragraph(m.get("receipt.note." + receipt.kind()), ReceiptPages.BODY));
        receipt.consent().ifPresent(accepted -> {
            ConsentText text = accepted.text();
            blocks.add(new NewPage());
            blocks.add(new Title(m.get("receipt.consent.title"), ReceiptPages.HEADING));
            blocks.add(new Field(m.get("receipt.consent.version"), text.version()));
            blocks.add(new Field(m.get("receipt.consent.language"), text.locale().getDisplayLanguage(m.locale())));
            blocks.add(new Field(m.get("receipt.consent.acceptedAt"), time(accepted.acceptedAt(), m.locale())));
            blocks.add(new Field(m.get("receipt.bindingId"), receipt.bindingId().toString()));
            blocks.add(new Gap(10));
            for (String paragraph : text.paragraphs()) {
                blocks.add(new Paragraph(paragraph, ReceiptPages.BODY));
                blocks.add(new Gap(5));
            }
            blocks.add(new Gap(8));
            blocks.add(new Paragraph(m.get("receipt.consent.declaration", text.version()), ReceiptPages.BODY));
            blocks.add(new Signature(m.get("receipt.signature.customer"), m.get("receipt.signature.date")));
        });
        return blocks;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** One piece of the receipt. */
    private sealed interface Block permits Title, Field, Paragraph, Gap, NewPage, Signature {
        /** What it prints, for choosing the font. */
        String text();

        void drawOn(ReceiptPages pages) throws IOException;
    }

    private record Title(String text, float size) implements Block {
        @Override
        public void drawOn(ReceiptPages pages) throws IOException {
            pages.title(text, size);
        }
    }

    private record Field(String label, String value) implements Block {
        @Override
        public String text() {
            return label + value;
        }

        @Override
        public void drawOn(ReceiptPages pages) throws IOException {
            pages.field(label, value, ReceiptPages.BODY);
        }
    }

    private record Paragraph(String text, float size) implements Block {
        @Override
        public void drawOn(ReceiptPages pages) throws IOException {
            pages.paragraph(text, size);
        }
    }

    private record Gap(float height) implements Block {
        @Override
        public String text() {
            return "";
        }

        @Override
        public void drawOn(ReceiptPages pages) {
            pages.gap(height);
        }
    }

    private record NewPage() implements Block {
        @Override
        public String text() {
            return "";
        }

        @Override
        public void drawOn(ReceiptPages pages) throws IOException {
            pages.newPage();
        }
    }

    private record Signature(String signatureLabel, String dateLabel) implements Block {
        @Override
        public String text() {
            return signatureLabel + dateLabel;
        }

        @Override
        public void drawOn(ReceiptPages pages) throws IOException {
            pages.signatureLines(signatureLabel, dateLabel, ReceiptPages.BODY);
        }
    }
}
