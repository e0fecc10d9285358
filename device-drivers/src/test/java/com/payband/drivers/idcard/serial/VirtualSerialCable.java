package com.payband.drivers.idcard.serial;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A virtual serial cable: a socat pty pair, {@code DIR/ttyHOST} for the driver and {@code DIR/ttySIM}
 * for the reader simulator. Started and stopped by PID; {@link #pull()} kills socat, which is what
 * pulling a USB reader's cable looks like to both ends (reads fail with EIO, the links vanish).
 *
 * <p>socat must be installed ({@code src/scripts/test.sh} installs it).
 */
public final class VirtualSerialCable implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);

    private final Process socat;
    private final Path host;
    private final Path sim;
    private final Path log;

    private VirtualSerialCable(Process socat, Path host, Path sim, Path log) {
        this.socat = socat;
        this.host = host;
        this.sim = sim;
        this.log = log;
    }

    /** Starts socat and waits until both ends exist. */
    public static VirtualSerialCable start(Path dir) throws IOException, InterruptedException {
        if (!socatInstalled()) {
            throw new IllegalStateException("socat is not installed: the serial peer tests need it "
                    + "(src/scripts/test.sh installs it; or apt-get install socat)");
        }
        Files.createDirectories(dir);
        Path host = dir.resolve("ttyHOST");
        Path sim = dir.resolve("ttySIM");
        Path log = dir.resolve("socat.log");
        Process p = new ProcessBuilder(List.of("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + host, "pty,raw,echo=0,link=" + sim))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        VirtualSerialCable cable = new VirtualSerialCable(p, host, sim, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(Files.exists(host) && Files.exists(sim))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                cable.close();
                throw new IOException("socat did not make its pty pair within " + START_TIMEOUT + ": "
                        + (Files.exists(log) ? Files.readString(log) : "no log"));
            }
            Thread.sleep(5);
        }
        return cable;
    }

    static boolean socatInstalled() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "socat"))) {
                return true;
            }
        }
        return false;
    }

    /** The driver's end. */
    public Path hostEnd() {
        return host;
    }

    /** The reader simulator's end. */
    public Path simEnd() {
        return sim;
    }

    public long pid() {
        return socat.pid();
    }

    public boolean connected() {
        return socat.isAlive();
    }

    /** Pulls the cable: socat is terminated (it removes both links) and waited for. */
    public void pull() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (socat.isAlive()) {
            pull();
        }
    }

    @Override
    public String toString() {
        return "VirtualSerialCable[pid " + socat.pid() + ", " + host + " <-> " + sim + ", log " + log + "]";
    }
}
