package com.payband.console.receipt;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * The pages of one receipt as they are written, top to bottom: wraps text to the width (at spaces,
 * or between ideographs, as the locale's line breaking allows; a word too long for a line is cut),
 * starts a new page when the next line or row does not fit, and numbers the pages at the end.
 */
final class ReceiptPages implements AutoCloseable {

    static final float TITLE = 16f;
    static final float HEADING = 13f;
    static final float BODY = 10.5f;
    static final float SMALL = 8f;

    private static final PDRectangle SIZE = PDRectangle.A4;
    private static final float MARGIN = 56f;
    private static final float BOTTOM = 64f;
    private static final float FOOTER_Y = 34f;
    private static final float LEADING = 1.45f;
    private static final float LABEL_WIDTH = 140f;
    private static final float LABEL_GAP = 12f;

    private final PDDocument document;
    private final PDFont font;
    private final Locale locale;
    private PDPageContentStream content;
    private float y;

    ReceiptPages(PDDocument document, PDFont font, Locale locale) throws IOException {
        this.document = document;
        this.font = font;
        this.locale = locale;
        newPage();
    }

    private static float width() {
        return SIZE.getWidth() - 2 * MARGIN;
    }

    private static float lineHeight(float size) {
        return size * LEADING;
    }

    void newPage() throws IOException {
        if (content != null) {
            content.close();
        }
        PDPage page = new PDPage(SIZE);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        y = SIZE.getHeight() - MARGIN;
    }

    /** Starts a new page unless this much height is left on this one. */
    private void keep(float height) throws IOException {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    void gap(float height) {
        y -= height;
    }

    /** A title with a rule under it. */
    void title(String text, float size) throws IOException {
        List<String> lines = wrap(text, size, width());
        keep(lines.size() * lineHeight(size) + 8);
        for (String line : lines) {
            y -= lineHeight(size);
            show(line, size, MARGIN, y + size * 0.3f);
        }
        y -= 6;
        content.setLineWidth(0.8f);
        content.moveTo(MARGIN, y);
        content.lineTo(SIZE.getWidth() - MARGIN, y);
        content.stroke();
        y -= 8;
    }

    /** Text over the whole width; its lines may run onto the next page. */
    void paragraph(String text, float size) throws IOException {
        for (String line : wrap(text, size, width())) {
            keep(lineHeight(size));
            y -= lineHeight(size);
            show(line, size, MARGIN, y + size * 0.3f);
        }
    }

    /** A label and its value side by side, kept together on one page. */
    void field(String label, String value, float size) throws IOException {
        List<String> labels = wrap(label, size, LABEL_WIDTH);
        List<String> values = wrap(value, size, width() - LABEL_WIDTH - LABEL_GAP);
        int rows = Math.max(labels.size(), values.size());
        keep(rows * lineHeight(size));
        for (int i = 0; i < rows; i++) {
            y -= lineHeight(size);
            if (i < labels.size()) {
                show(labels.get(i), size, MARGIN, y + size * 0.3f);
            }
            if (i < values.size()) {
                show(values.get(i), size, MARGIN + LABEL_WIDTH + LABEL_GAP, y + size * 0.3f);
            }
        }
    }

    /** Lines to sign and date on, with their labels under them, kept together on one page. */
    void signatureLines(String signatureLabel, String dateLabel, float size) throws IOException {
        float space = 36f;
        keep(space + lineHeight(size) + 4);
        y -= space;
        float signatureEnd = MARGIN + width() * 0.6f;
        float dateStart = signatureEnd + 24f;
        content.setLineWidth(0.6f);
        content.moveTo(MARGIN, y);
        content.lineTo(signatureEnd, y);
        content.moveTo(dateStart, y);
        content.lineTo(SIZE.getWidth() - MARGIN, y);
        content.stroke();
        y -= lineHeight(size);
        show(signatureLabel, size, MARGIN, y + size * 0.3f);
        show(dateLabel, size, dateStart, y + size * 0.3f);
    }

    /**
     * Ends the writing and puts a footer on every page: a left text and the page label of
     * (page, pages), e.g. "1 / 2".
     */
    void finish(String footerLeft, PageLabel pageLabel) throws IOException {
        content.close();
        content = null;
        int pages = document.getNumberOfPages();
        for (int i = 0; i < pages; i++) {
            PDPage page = document.getPage(i);
            try (PDPageContentStream footer = new PDPageContentStream(document, page,
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                footer.setNonStrokingColor(0.35f, 0.35f, 0.35f);
                String label = pageLabel.of(i + 1, pages);
                float labelWidth = textWidth(label, SMALL);
                String left = fit(footerLeft, SMALL, width() - labelWidth - 24);
                show(footer, left, SMALL, MARGIN, FOOTER_Y);
                show(footer, label, SMALL, SIZE.getWidth() - MARGIN - labelWidth, FOOTER_Y);
            }
        }
    }

    /** The label of a page: its number and the number of pages. */
    interface PageLabel {
        String of(int page, int pages);
    }

    @Override
    public void close() throws IOException {
        if (content != null) {
            content.close();
            content = null;
        }
    }

    private void show(String text, float size, float x, float baseline) throws IOException {
        show(content, text, size, x, baseline);
    }

    private void show(PDPageContentStream stream, String text, float size, float x, float baseline) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        stream.beginText();
        stream.setFont(font, size);
        stream.newLineAtOffset(x, baseline);
        stream.showText(text);
        stream.endText();
    }

    float textWidth(String text, float size) throws IOException {
        return font.getStringWidth(text) / 1000f * size;
    }

    /** The text cut (with an ellipsis) to fit the width. */
    private String fit(String text, float size, float max) throws IOException {
        if (textWidth(text, size) <= max) {
            return text;
        }
        String ellipsis = "...";
        int end = text.length();
        while (end > 0 && textWidth(text.substring(0, end) + ellipsis, size) > max) {
            end = text.offsetByCodePoints(end, -1);
        }
        return text.substring(0, end) + ellipsis;
    }

    /**
     * The text broken into lines no wider than {@code max}: at its line breaks, then where the
     * locale's line breaking allows (spaces; between ideographs, never before closing punctuation),
     * and inside a word only where a word alone is wider than a line.
     */
    List<String> wrap(String text, float size, float max) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ').split("\n", -1)) {
            BreakIterator breaks = BreakIterator.getLineInstance(locale);
            breaks.setText(paragraph);
            StringBuilder line = new StringBuilder();
            int start = breaks.first();
            for (int end = breaks.next(); end != BreakIterator.DONE; start = end, end = breaks.next()) {
                String segment = paragraph.substring(start, end);
                if (textWidth((line + segment).stripTrailing(), size) <= max) {
                    line.append(segment);
                    continue;
                }
                if (line.length() > 0) {
                    lines.add(line.toString().stripTrailing());
                    line.setLength(0);
                }
                while (textWidth(segment.stripTrailing(), size) > max) {
                    int cut = longestFitting(segment, size, max);
                    lines.add(segment.substring(0, cut));
                    segment = segment.substring(cut);
                }
                line.append(segment);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** How many chars of the text fit the width: at least one code point. */
    private int longestFitting(String text, float size, float max) throws IOException {
        int end = text.offsetByCodePoints(0, 1);
        while (end < text.length()) {
            int next = text.offsetByCodePoints(end, 1);
            if (textWidth(text.substring(0, next), size) > max) {
                break;
            }
            end = next;
        }
        return end;
    }
}
