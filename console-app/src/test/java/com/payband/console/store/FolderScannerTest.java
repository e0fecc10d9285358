package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.store.FolderScanner.Hit;
import com.payband.console.store.FolderScanner.Needle;
import com.payband.console.store.FolderScanner.Scan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner PersonalDataAtRestTest relies on finds what is there, wherever and however it was written. */
class FolderScannerTest {

    private static final Needle NAME = new Needle("name", "阿依古丽·买买提");
    private static final Needle SHORT_NAME = new Needle("short name", "张伟");
    private static final Needle NUMBER = new Needle("number", "110101198803150113");

    @TempDir
    Path dir;

    @Test
    void findsANameWrittenInGb18030AmongRandomBytes() throws IOException {
        byte[] name = NAME.text().getBytes(Charset.forName("GB18030"));
        Files.write(dir.resolve("data.bin"), noiseAround(name, 5000));

        Scan scan = FolderScanner.scan(dir, List.of(NAME));

        assertThat(scan.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.where()).isEqualTo("data.bin");
            assertThat(hit.offset()).isEqualTo(5000);
            assertThat(hit.encodings().split("/")).contains("GB18030");
        });
    }

    @Test
    void findsTextsInEachEncodingTheyCanBeWrittenIn() throws IOException {
        for (String charset : List.of("UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32BE", "UTF-32LE", "GBK", "GB18030")) {
            Files.write(dir.resolve(charset + ".bin"), noiseAround(SHORT_NAME.text().getBytes(Charset.forName(charset)), 300));
        }
        Files.write(dir.resolve("Big5.bin"), noiseAround("張偉".getBytes(Charset.forName("Big5")), 300));
        Files.write(dir.resolve("ascii.txt"), ("id=" + NUMBER.text() + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("utf16.txt"), ("id=" + NUMBER.text()).getBytes(StandardCharsets.UTF_16LE));

        Scan scan = FolderScanner.scan(dir, List.of(SHORT_NAME, new Needle("traditional", "張偉"), NUMBER));

        for (String charset : List.of("UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32BE", "UTF-32LE", "GBK", "GB18030")) {
            assertThat(scan.hits()).as(charset).anySatisfy(hit -> {
                assertThat(hit.where()).isEqualTo(charset + ".bin");
                assertThat(hit.encodings().split("/")).contains(charset);
            });
        }
        assertThat(scan.hits()).anySatisfy(hit -> {
            assertThat(hit.where()).isEqualTo("Big5.bin");
            assertThat(hit.encodings().split("/")).contains("Big5");
        });
        assertThat(scan.hits()).anySatisfy(hit -> {
            assertThat(hit.where()).isEqualTo("ascii.txt");
            assertThat(hit.encodings().split("/")).contains("US-ASCII");
        });
        assertThat(scan.hits()).anySatisfy(hit -> {
            assertThat(hit.where()).isEqualTo("utf16.txt");
            assertThat(hit.encodings().split("/")).contains("UTF-16LE");
        });
    }

    @Test
    void findsNonAsciiTextInARealH2DatabaseFileWhereUtf8DoesNot() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("h2"), "sa", "")) {
            c.createStatement().execute("CREATE TABLE t (s VARCHAR(100))");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                insert.setString(1, "x " + NAME.text() + " y");
                insert.execute();
            }
        }

        Scan scan = FolderScanner.scan(dir, List.of(NAME));

        assertThat(scan.hits()).isNotEmpty().allSatisfy(hit -> {
            assertThat(hit.where()).isEqualTo("h2.mv.db");
            assertThat(hit.encodings()).isEqualTo(FolderScanner.H2_STRING.name());
        });
    }

    @Test
    void looksInsideZipEntriesNestedZipsAndGzipStreams() throws IOException {
        // padded so that deflate compresses (a short text could go into a stored block, readable as is)
        String padding = "-".repeat(2000);
        byte[] inner = zip("inner.txt", (padding + "name: " + NAME.text() + padding).getBytes(Charset.forName("GBK")));
        Files.write(dir.resolve("backup.zip"), zip("nested/inner.zip", inner));
        Files.write(dir.resolve("day.log.gz"),
                gzip((padding + "number " + NUMBER.text() + padding).getBytes(StandardCharsets.UTF_16BE)));

        Scan scan = FolderScanner.scan(dir, List.of(NAME, NUMBER));

        assertThat(scan.scanned()).contains("backup.zip", "backup.zip!/nested/inner.zip",
                "backup.zip!/nested/inner.zip!/inner.txt", "day.log.gz", "day.log.gz!/");
        // found only by unpacking: the packed bytes do not show them
        assertThat(scan.hits()).extracting(Hit::where)
                .containsOnly("backup.zip!/nested/inner.zip!/inner.txt", "day.log.gz!/");
    }

    @Test
    void findsNothingWhereNothingIs() throws IOException {
        Files.write(dir.resolve("noise.bin"), noiseAround(new byte[0], 200_000));
        // what an encoder that cannot write a character puts in its place must not count as the name
        Files.writeString(dir.resolve("question-marks.txt"), "?? ??????? ??", StandardCharsets.US_ASCII);
        Files.write(dir.resolve("backup.zip"), zip("entry.txt", "nothing personal".getBytes(StandardCharsets.UTF_8)));

        Scan scan = FolderScanner.scan(dir, List.of(NAME, SHORT_NAME, NUMBER));

        assertThat(scan.hits()).isEmpty();
        assertThat(scan.scanned()).containsExactly("backup.zip", "backup.zip!/entry.txt", "noise.bin", "question-marks.txt");
    }

    @Test
    void refusesATextTooShortToTellFromChance() {
        assertThatThrownBy(() -> FolderScanner.scan(dir, List.of(new Needle("surname", "张"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] noiseAround(byte[] middle, int before) {
        Random random = new Random(7);
        byte[] head = new byte[before];
        byte[] tail = new byte[before];
        random.nextBytes(head);
        random.nextBytes(tail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(middle);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static byte[] zip(String entry, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(entry));
            out.write(content);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
