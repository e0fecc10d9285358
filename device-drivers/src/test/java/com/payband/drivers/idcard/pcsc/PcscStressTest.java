package com.payband.drivers.idcard.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cards appearing and vanishing at the wrong moment must not crash anything: PcscStress reads on both vpcd
 * readers at once for 150 s (about 500 reads) while the watcher polls and cards are taken off, another card is
 * attached to the same vpcd port or swapped in, reads are cancelled and readers closed mid-read. It runs in a JVM of its own
 * (a native crash there kills only it) with glibc's allocator set to poison freed memory, so that a
 * use-after-free in libpcsclite crashes at once instead of now and then.
 */
class PcscStressTest {

    private static final Path DIR = Paths.get("target", "pcsc-stress").toAbsolutePath();

    @BeforeAll
    static void pcscd() {
        Pcscd.shared();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 8, unit = TimeUnit.MINUTES)
    void readsWhileCardsComeAndGoNeverCrashTheJvm() throws Exception {
        Files.createDirectories(DIR);
        try (var old = Files.list(DIR)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        // a fresh pcscd (and vpcd inside it): the earlier tests' cards must not be queued on its ports
        Pcscd.shared().restart();
        Path log = DIR.resolve("stress.log");
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.smartcardio/sun.security.smartcardio=ALL-UNNAMED",
                "-XX:ErrorFile=" + DIR.resolve("hs_err_%p.log"), "-Djava.io.tmpdir=" + DIR,
                "-cp", System.getProperty("java.class.path"), PcscStress.class.getName(), "150",
                Long.toString(System.nanoTime()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MALLOC_PERTURB_", "165");
        Process stress = pb.start();
        boolean ended = stress.waitFor(6, TimeUnit.MINUTES);
        if (!ended) {
            stress.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        try (var files = Files.list(DIR)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("JVM crash reports")
                    .noneMatch(n -> n.startsWith("hs_err"));
        }
        assertThat(ended).as("the stress run ended").isTrue();
        assertThat(stress.exitValue()).as(tail(output)).isZero();
        String summary = output.lines().filter(l -> l.startsWith("stress: ")).findFirst().orElse("");
        // positive control: reads did read the passport
        assertThat(summary).as(tail(output)).contains("->READ=");
        // hundreds of reads, each kind of meddling landing inside reads dozens of times
        Matcher reads = Pattern.compile("stress: (\\d+) reads").matcher(summary);
        assertThat(reads.find() && Integer.parseInt(reads.group(1)) >= 300).as(summary).isTrue();
        for (String meddling : List.of("card-removed", "intruder-card", "swapped", "cancelled", "closed")) {
            int landed = Pattern.compile(meddling + "->\\w+=(\\d+)").matcher(summary).results()
                    .mapToInt(m -> Integer.parseInt(m.group(1))).sum();
            assertThat(landed).as(meddling + " in " + summary).isGreaterThanOrEqualTo(20);
        }
        System.out.println(summary);
    }

    private static String tail(String output) {
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }
}
