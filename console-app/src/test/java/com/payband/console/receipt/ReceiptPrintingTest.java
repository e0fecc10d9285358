package com.payband.console.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.consent.ConsentText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts printed through the real print system: the console's printing (in a JVM started with the test's
 * CUPS_SERVER, as a shop PC has its CUPS) sends the receipt to the default queue of a private cupsd, whose
 * PDF printer (cups-pdf) prints it to a file that is read back. A printer that refuses jobs and a computer
 * whose print server is down are told apart from a receipt that printed.
 */
class ReceiptPrintingTest {

    private static final String SERIAL = "PB100001";
    private static Cupsd cupsd;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCups() throws Exception {
        cupsd = Cupsd.start();
    }

    @AfterAll
    static void stopCups() throws IOException {
        if (cupsd != null) {
            cupsd.close();
        }
    }

    @Test
    void receiptsArePrintedOnTheDefaultPrinterInBothLanguages() throws Exception {
        // the enrollment's (with its consent) in both languages, and the support desk's reports
        List<java.util.Map.Entry<ReceiptKind, Locale>> printing = List.of(
                java.util.Map.entry(ReceiptKind.ENROLLMENT, Locale.ENGLISH),
                java.util.Map.entry(ReceiptKind.ENROLLMENT, Locale.SIMPLIFIED_CHINESE),
                java.util.Map.entry(ReceiptKind.STOLEN, Locale.SIMPLIFIED_CHINESE),
                java.util.Map.entry(ReceiptKind.PHONE_CHANGED, Locale.ENGLISH));
        for (var job : printing) {
            Locale language = job.getValue();
            Path receipt = receipt(job.getKey(), language);
            int pages;
            try (PDDocument original = Loader.loadPDF(receipt.toFile())) {
                pages = original.getNumberOfPages();
            }
            List<Path> before = cupsd.printed();

            assertThat(print(receipt, cupsd.server())).isEqualTo("printed " + Cupsd.QUEUE);

            Path printed = awaitNewlyPrinted(before);
            assertThat(printed.getFileName().toString()).as("the job carries the receipt's name")
                    .startsWith("payband-receipt-" + SERIAL);
            try (PDDocument paper = Loader.loadPDF(printed.toFile())) {
                assertThat(paper.getNumberOfPages()).as("every page printed, " + language).isEqualTo(pages);
                // the print filters turn the embedded fonts into shapes (no text to extract): each page is
                // looked at instead, as ink on paper, against the same page of the receipt as the console made it
                try (PDDocument original = Loader.loadPDF(receipt.toFile())) {
                    for (int page = 0; page < pages; page++) {
                        double made = inked(original, page);
                        assertThat(made).isGreaterThan(0);
                        assertThat(inked(paper, page) / made).as("ink on page " + (page + 1) + " against the receipt")
                                .isBetween(0.8, 1.4);
                    }
                }
            }
        }
    }

    @Test
    void aPrinterThatRefusesJobsIsSaidToHaveRefused() throws Exception {
        Path receipt = receipt(Locale.ENGLISH);
        cupsd.lp("cupsreject", Cupsd.QUEUE);
        try {
            int before = cupsd.printed().size();
            assertThat(print(receipt, cupsd.server())).startsWith("failed PRINT_FAILED").contains(Cupsd.QUEUE);
            assertThat(cupsd.printed()).hasSize(before);
        } finally {
            cupsd.lp("cupsaccept", Cupsd.QUEUE);
        }
        // positive control: the same queue takes it once it accepts jobs again
        assertThat(print(receipt, cupsd.server())).isEqualTo("printed " + Cupsd.QUEUE);
    }

    @Test
    void aComputerWhosePrintServerIsDownHasNoPrinter() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(print(receipt(Locale.ENGLISH), "127.0.0.1:" + closed)).isEqualTo("none");
    }

    private Path receipt(Locale language) throws Exception {
        return receipt(ReceiptKind.ENROLLMENT, language);
    }

    private Path receipt(ReceiptKind kind, Locale language) throws Exception {
        Receipt receipt = new Receipt(kind, Instant.parse("2026-11-03T06:30:00Z"), "8e1d5f7a-store",
                "clerk-03", "张*", "1101**********0015", SERIAL, UUID.randomUUID(),
                List.of(new Receipt.Line("Payment check", "passed")), Optional.empty());
        if (kind == ReceiptKind.ENROLLMENT) {
            receipt = receipt.withConsent(ConsentText.current(language), Instant.parse("2026-11-03T06:25:10Z"));
        }
        // the text the customer reads, checked before it goes to paper (the print filters turn it into shapes)
        byte[] pdf = new ReceiptPdf(ReceiptFonts.system(), ZoneId.of("Asia/Shanghai")).render(receipt, language);
        try (PDDocument made = Loader.loadPDF(pdf)) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(made)).contains(SERIAL).contains(
                    com.payband.console.i18n.Messages.forWindow(language).get("receipt.title." + kind.name()));
        }
        Path file = dir.resolve("payband-receipt-" + SERIAL + ".pdf");
        Files.write(file, pdf);
        return file;
    }

    /** The share of a page's pixels that carry any ink, rendered at 72 dpi. */
    private static double inked(PDDocument document, int page) throws IOException {
        java.awt.image.BufferedImage image = new org.apache.pdfbox.rendering.PDFRenderer(document)
                .renderImageWithDPI(page, 72, org.apache.pdfbox.rendering.ImageType.GRAY);
        long ink = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xff) < 224) {
                    ink++;
                }
            }
        }
        return (double) ink / ((long) image.getWidth() * image.getHeight());
    }

    /** The console's printing in its own JVM, its print server named the way CUPS clients are told it. */
    private static String print(Path receipt, String server) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), PrintReceiptProcess.class.getName(), receipt.toString(),
                receipt.getFileName().toString().replace(".pdf", "")).redirectErrorStream(true);
        pb.environment().put("CUPS_SERVER", server);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> l.startsWith("printed") || l.startsWith("none") || l.startsWith("failed"))
                .findFirst().orElse(out);
    }

    /** cups-pdf prints in the background: the new file once it is complete, or the test says what there is. */
    private static Path awaitNewlyPrinted(List<Path> before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Path> fresh = cupsd.printed().stream().filter(f -> !before.contains(f)).findFirst();
            if (fresh.isPresent()) {
                return fresh.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing printed by cups-pdf into " + cupsd.output() + " within 60 s");
    }
}
