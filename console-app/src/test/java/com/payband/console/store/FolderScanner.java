package com.payband.console.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Looks for texts in every file under a folder, byte for byte, in every encoding a program could
 * plausibly have written them in; zip entries and gzip streams are unpacked (recursively) and
 * searched as well as their packed bytes.
 */
public final class FolderScanner {

    /** An encoding: the bytes of a text, or empty when the encoding cannot represent it. */
    record Encoding(String name, Function<String, Optional<byte[]>> encoder) {
        static Encoding of(String charsetName) {
            Charset charset = Charset.forName(charsetName);
            return new Encoding(charset.name(), text -> charset.newEncoder().canEncode(text)
                    ? Optional.of(text.getBytes(charset)) : Optional.empty());
        }
    }

    /**
     * How H2's MVStore writes a string into its pages (DataUtils.writeStringData): UTF-8's lead
     * bytes, but continuation bytes without their 0x80 bit, so a UTF-8 search never finds non-ASCII
     * text in an H2 file.
     */
    static final Encoding H2_STRING = new Encoding("H2-MVStore", text -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (char c : text.toCharArray()) {
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xc0 | (c >> 6));
                out.write(c & 0x3f);
            } else {
                out.write(0xe0 | (c >> 12));
                out.write((c >> 6) & 0x3f);
                out.write(c & 0x3f);
            }
        }
        return Optional.of(out.toByteArray());
    });

    /** Every encoding a name, an address or a number could end up in on disk. */
    static final List<Encoding> ENCODINGS = Stream.concat(Stream.of("US-ASCII", "UTF-8", "CESU-8", "UTF-16LE",
            "UTF-16BE", "UTF-32BE", "UTF-32LE", "GB18030", "GBK", "Big5").map(Encoding::of), Stream.of(H2_STRING))
            .toList();

    /**
     * Patterns shorter than this are refused: 3 bytes occur by chance about once per 16 MB of
     * ciphertext, 4 bytes once per 4 GB, so a hit means the text is there.
     */
    static final int MINIMUM_PATTERN = 4;

    /**
     * Patterns this long are looked for everywhere. A shorter one (4 or 5 bytes: a two-character Chinese name in
     * UTF-16 or GBK) would turn up by chance about once in twenty runs in the megabytes of an encrypted store and its
     * backups, so it is not looked for in the raw bytes of an H2 file encrypted as a whole (the tests scan its
     * decrypted copy with every pattern) nor in those of a zip archive (each entry is scanned on its own, and the
     * archive's own names are UTF-8 or CP437, six bytes or more for a name).
     */
    static final int CHANCE_FREE_PATTERN = 6;

    private static final byte[] H2_ENCRYPTED_MAGIC = "H2encrypt\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP_MAGIC = {'P', 'K', 5, 6};
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};

    /** A text to look for; {@code label} says whose and what it is. */
    public record Needle(String label, String text) {
        public Needle {
            Objects.requireNonNull(label);
            Objects.requireNonNull(text);
        }
    }

    /**
     * @param encodings the encodings that produce these bytes, e.g. {@code UTF-8/GB18030}
     * @param where     the file relative to the folder, and {@code !/entry} for each archive it is in
     * @param offset    in the file, or in the unpacked entry
     */
    public record Hit(Needle needle, String encodings, String where, long offset, String context) {
        @Override
        public String toString() {
            return needle.label() + " (" + needle.text() + ") in " + encodings + " at " + where + " offset " + offset
                    + ": " + context;
        }
    }

    /** @param scanned every file and archive entry read, as {@link Hit#where()} names them */
    public record Scan(List<String> scanned, List<Hit> hits) {
        public List<Hit> hitsOf(Needle needle) {
            return hits.stream().filter(h -> h.needle().equals(needle)).toList();
        }
    }

    private record Pattern(Needle needle, String encodings, byte[] bytes) {
    }

    private final List<Pattern> patterns;
    private final List<String> scanned = new ArrayList<>();
    private final List<Hit> hits = new ArrayList<>();

    private FolderScanner(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static Scan scan(Path folder, List<Needle> needles) throws IOException {
        FolderScanner scanner = new FolderScanner(patterns(needles));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            scanner.search(folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
        return new Scan(List.copyOf(scanner.scanned), List.copyOf(scanner.hits));
    }

    /** Each needle in each encoding that can represent it; encodings giving the same bytes are merged. */
    private static List<Pattern> patterns(List<Needle> needles) {
        List<Pattern> patterns = new ArrayList<>();
        for (Needle needle : needles) {
            Map<String, List<String>> byBytes = new LinkedHashMap<>();
            for (Encoding encoding : ENCODINGS) {
                Optional<byte[]> encoded = encoding.encoder().apply(needle.text());
                if (encoded.isEmpty()) {
                    continue;
                }
                byte[] bytes = encoded.get();
                if (bytes.length < MINIMUM_PATTERN) {
                    throw new IllegalArgumentException(needle + " is only " + bytes.length + " bytes in "
                            + encoding.name() + ": too short to tell from chance");
                }
                byBytes.computeIfAbsent(HexFormat.of().formatHex(bytes), k -> new ArrayList<>()).add(encoding.name());
            }
            byBytes.forEach((hex, charsets) -> patterns.add(
                    new Pattern(needle, String.join("/", charsets), HexFormat.of().parseHex(hex))));
        }
        return patterns;
    }

    private void search(String where, byte[] content) throws IOException {
        scanned.add(where);
        boolean opaque = startsWith(content, H2_ENCRYPTED_MAGIC) || startsWith(content, ZIP_MAGIC);
        for (Pattern pattern : patterns) {
            if (opaque && pattern.bytes().length < CHANCE_FREE_PATTERN) {
                continue; // a two-character name (4 bytes in UTF-16 or GBK) turns up by chance in megabytes of ciphertext
            }
            for (int at = indexOf(content, pattern.bytes(), 0); at >= 0; at = indexOf(content, pattern.bytes(), at + 1)) {
                hits.add(new Hit(pattern.needle(), pattern.encodings(), where, at, context(content, at, pattern.bytes().length)));
            }
        }
        if (startsWith(content, ZIP_MAGIC) || startsWith(content, EMPTY_ZIP_MAGIC)) {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (!entry.isDirectory()) {
                        search(where + "!/" + entry.getName(), zip.readAllBytes());
                    }
                }
            }
        } else if (startsWith(content, GZIP_MAGIC)) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(content))) {
                search(where + "!/", gz.readAllBytes());
            }
        }
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The bytes around a hit, printable ASCII as is and the rest as dots, for the failure message. */
    private static String context(byte[] content, int at, int length) {
        int from = Math.max(0, at - 24);
        int to = Math.min(content.length, at + length + 24);
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            int b = content[i] & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return "[" + out + "]";
    }
}
