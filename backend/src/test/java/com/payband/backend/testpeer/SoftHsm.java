package com.payband.backend.testpeer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The test JVM's HSM: a SoftHSM2 token of its own (Debian's {@code softhsm2}), in {@code target/softhsm}, made
 * afresh once per JVM with {@code softhsm2-util}. SoftHSM reads its configuration from {@code SOFTHSM2_CONF}, which
 * must be in the JVM's environment when it starts (the surefire configuration sets it to this folder's file).
 */
public final class SoftHsm {

    public static final String PIN = "4711-0815";
    private static final String SO_PIN = "9999-0000";
    private static final Path LIBRARY = Paths.get("/usr/lib/softhsm/libsofthsm2.so");
    private static SoftHsm instance;

    private final Path config;

    private SoftHsm(Path config) {
        this.config = config;
    }

    /** The token, made on first use; its SunPKCS11 configuration file. */
    public static synchronized SoftHsm shared() {
        if (instance == null) {
            instance = make();
        }
        return instance;
    }

    /** The SunPKCS11 configuration for the token. */
    public Path config() {
        return config;
    }

    private static SoftHsm make() {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run the tests through Maven (the surefire "
                    + "configuration sets it)");
        }
        if (!Files.isRegularFile(LIBRARY)) {
            throw new IllegalStateException(LIBRARY + " is missing: apt-get install softhsm2 (src/scripts/test.sh does)");
        }
        Path confFile = Paths.get(conf).toAbsolutePath();
        Path dir = confFile.getParent();
        Path tokens = dir.resolve("tokens");
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(tokens);
            // one token per folder: SunPKCS11 finds it as the first slot (slot ids change with every init)
            Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\n", StandardCharsets.US_ASCII);
            Process p = new ProcessBuilder(List.of("softhsm2-util", "--init-token", "--free", "--label", "issuer",
                    "--pin", PIN, "--so-pin", SO_PIN)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("softhsm2-util --init-token failed: " + out);
            }
            Path cfg = dir.resolve("pkcs11.cfg");
            Files.writeString(cfg, "name = PaybandTestToken\nlibrary = " + LIBRARY + "\nslotListIndex = 0\n",
                    StandardCharsets.US_ASCII);
            return new SoftHsm(cfg);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the SoftHSM token in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
