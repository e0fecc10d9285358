package com.payband.console.receipt;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.OS2WindowsMetricsTable;
import org.apache.fontbox.ttf.OTFParser;
import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fonts receipts may use, found on this machine: a receipt is printed in the first font that has a
 * glyph for every one of its characters, embedded as a subset, so that it prints the same anywhere
 * and a missing character is refused (a typed {@link ReceiptException}) rather than printed as a box.
 *
 * <p>Latin fonts come first (DejaVu Sans, Arial), then CJK ones (WenQuanYi, AR PL, Droid Sans
 * Fallback, Microsoft YaHei, SimSun, PingFang, STHeiti...): an English receipt gets a Latin font, one
 * with Chinese in it a CJK font for all its text. Only TrueType outlines can be embedded by PDFBox:
 * CFF-based OpenType fonts (Noto Sans CJK, Source Han Sans) are skipped, as are fonts whose licence
 * forbids embedding or subsetting. The system property {@value #FONT_PROPERTY} names one font file
 * (.ttf, .ttc, .otf with TrueType outlines) to use instead of all of these.
 */
public final class ReceiptFonts {

    /** A font file to use instead of the well-known ones. */
    public static final String FONT_PROPERTY = "payband.receipt.font";
    /** The Debian/Ubuntu package named when no font can print Chinese. */
    public static final String DEBIAN_CJK_PACKAGE = "fonts-wqy-microhei";

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptFonts.class);

    private final List<Path> candidates;
    private final boolean named;

    private ReceiptFonts(List<Path> candidates, boolean named) {
        this.candidates = List.copyOf(candidates);
        this.named = named;
    }

    /** The font named by {@value #FONT_PROPERTY} if it is set, otherwise the well-known fonts of this system. */
    public static ReceiptFonts system() {
        String property = System.getProperty(FONT_PROPERTY);
        if (property != null && !property.isBlank()) {
            return named(Path.of(property.strip()));
        }
        return new ReceiptFonts(wellKnown(System.getProperty("os.name", ""), System.getenv("WINDIR")), false);
    }

    /** This font file and no other, as {@value #FONT_PROPERTY} names it: a font that cannot be used is an error. */
    static ReceiptFonts named(Path font) {
        return new ReceiptFonts(List.of(font), true);
    }

    /** These font files, in this order of preference (tests, or a deployment that ships its own). */
    public static ReceiptFonts of(List<Path> candidates) {
        return new ReceiptFonts(candidates, false);
    }

    /** The font files looked at, in order of preference; files that do not exist are passed over. */
    public List<Path> candidates() {
        return candidates;
    }

    static List<Path> wellKnown(String osName, String windowsDirectory) {
        String os = osName.toLowerCase(Locale.ROOT);
        List<Path> fonts = new ArrayList<>();
        if (os.startsWith("windows")) {
            Path dir = Path.of(windowsDirectory == null || windowsDirectory.isBlank() ? "C:\\Windows" : windowsDirectory,
                    "Fonts");
            for (String name : List.of("arial.ttf", "segoeui.ttf", "msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf",
                    "Deng.ttf")) {
                fonts.add(dir.resolve(name));
            }
        } else if (os.startsWith("mac")) {
            for (String path : List.of("/System/Library/Fonts/Supplemental/Arial.ttf", "/Library/Fonts/Arial.ttf",
                    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Light.ttc",
                    "/System/Library/Fonts/STHeiti Medium.ttc", "/System/Library/Fonts/Supplemental/Songti.ttc",
                    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf")) {
                fonts.add(Path.of(path));
            }
        } else {
            for (String path : List.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
                    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
                    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc")) {
                fonts.add(Path.of(path));
            }
            fonts.addAll(collectionsIn(Path.of("/usr/share/fonts/truetype/arphic")));
            fonts.add(Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"));
            // CFF outlines: PDFBox cannot embed them, so they are skipped when opened; listed so that a
            // future PDFBox that can is used without a change here
            fonts.add(Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"));
        }
        return fonts;
    }

    private static List<Path> collectionsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")).sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The first font that can show every character of the text, opened for one document; the caller
     * closes it once the document is saved (its subset is written then).
     */
    Face open(String text) throws ReceiptException {
        int[] codePoints = text.codePoints().filter(cp -> !Character.isISOControl(cp)).distinct().toArray();
        List<String> passedOver = new ArrayList<>();
        for (Path path : candidates) {
            if (!Files.isRegularFile(path)) {
                continue;
            }
            try {
                Face face = openCovering(path, codePoints, passedOver);
                if (face != null) {
                    LOG.debug("receipt font: {}", face.description());
                    return face;
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("receipt font {} unreadable: {}", path, e.toString());
                passedOver.add(path + " (unreadable: " + e.getMessage() + ")");
            }
        }
        throw noFont(codePoints, passedOver);
    }

    private ReceiptException noFont(int[] codePoints, List<String> passedOver) {
        if (named) {
            return new ReceiptException(ReceiptException.Reason.FONT_UNUSABLE, "the font named by -D" + FONT_PROPERTY
                    + " cannot be used for this receipt: " + candidates.get(0)
                    + (passedOver.isEmpty() ? " (no such file)" : " " + passedOver));
        }
        if (Arrays.stream(codePoints).anyMatch(ReceiptFonts::isCjk)) {
            return new ReceiptException(ReceiptException.Reason.NO_CJK_FONT, "no installed font can print Chinese."
                    + " Install one: on Debian or Ubuntu"
                    + " 'apt-get install " + DEBIAN_CJK_PACKAGE + "'; on Windows and macOS the system's Chinese fonts"
                    + " (Microsoft YaHei, SimSun, PingFang) are used; or name a TrueType font file with -D"
                    + FONT_PROPERTY + "=<file>. Looked for: " + candidates
                    + (passedOver.isEmpty() ? "" : "; passed over: " + passedOver));
        }
        return new ReceiptException(ReceiptException.Reason.NO_FONT, "no installed font can print this receipt."
                + " Install one: on Debian or Ubuntu"
                + " 'apt-get install fonts-dejavu-core " + DEBIAN_CJK_PACKAGE + "', or name a TrueType font file with -D"
                + FONT_PROPERTY + "=<file>. Looked for: " + candidates
                + (passedOver.isEmpty() ? "" : "; passed over: " + passedOver));
    }

    /** Chinese, Japanese or Korean script, or the punctuation and full-width forms that go with them. */
    static boolean isCjk(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || script == Character.UnicodeScript.BOPOMOFO) {
            return true;
        }
        Character.UnicodeBlock block = Character.UnicodeBlock.of(codePoint);
        return block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }

    /** Opens the file (every face of a collection) and keeps the first usable face that covers the text. */
    private static Face openCovering(Path path, int[] codePoints, List<String> passedOver) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ttc") || name.endsWith(".otc")) {
            TrueTypeCollection collection = new TrueTypeCollection(path.toFile());
            try {
                List<TrueTypeFont> faces = new ArrayList<>();
                collection.processAllFonts(faces::add);
                for (TrueTypeFont face : faces) {
                    String problem = problemOf(face, codePoints);
                    if (problem == null) {
                        Face chosen = new Face(face, collection, path + " (" + face.getName() + ")");
                        collection = null;
                        return chosen;
                    }
                    passedOver.add(path + " (" + face.getName() + ": " + problem + ")");
                }
                return null;
            } finally {
                if (collection != null) {
                    collection.close();
                }
            }
        }
        RandomAccessReadBufferedFile file = new RandomAccessReadBufferedFile(path);
        TrueTypeFont font = null;
        try {
            font = name.endsWith(".otf") ? new OTFParser().parse(file) : new TTFParser().parse(file);
            String problem = problemOf(font, codePoints);
            if (problem == null) {
                Face chosen = new Face(font, font, path + " (" + font.getName() + ")");
                font = null;
                return chosen;
            }
            passedOver.add(path + " (" + problem + ")");
            return null;
        } finally {
            if (font != null) {
                font.close();
            } else {
                file.close();
            }
        }
    }

    /** Why this face cannot print the text, or null if it can. */
    private static String problemOf(TrueTypeFont font, int[] codePoints) throws IOException {
        if (font instanceof OpenTypeFont otf && otf.isPostScript() || !font.getTableMap().containsKey("glyf")) {
            return "CFF outlines, which PDFBox cannot embed";
        }
        OS2WindowsMetricsTable os2 = font.getOS2Windows();
        if (os2 != null) {
            int fsType = os2.getFsType();
            if ((fsType & 0x000F) == OS2WindowsMetricsTable.FSTYPE_RESTRICTED
                    || (fsType & OS2WindowsMetricsTable.FSTYPE_BITMAP_ONLY) != 0
                    || (fsType & OS2WindowsMetricsTable.FSTYPE_NO_SUBSETTING) != 0) {
                return "its licence forbids embedding it as a subset";
            }
        }
        CmapLookup cmap = font.getUnicodeCmapLookup(false);
        if (cmap == null) {
            return "no Unicode character map";
        }
        for (int cp : codePoints) {
            if (cmap.getGlyphId(cp) == 0) {
                return String.format(Locale.ROOT, "no glyph for U+%04X", cp);
            }
        }
        return null;
    }

    /** One face of a font file, open until the document that embeds it is saved. */
    static final class Face implements Closeable {

        private final TrueTypeFont font;
        private final Closeable file;
        private final String description;

        Face(TrueTypeFont font, Closeable file, String description) {
            this.font = Objects.requireNonNull(font);
            this.file = file;
            this.description = description;
        }

        TrueTypeFont font() {
            return font;
        }

        String description() {
            return description;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
