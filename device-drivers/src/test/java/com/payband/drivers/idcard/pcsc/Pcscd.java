package com.payband.drivers.idcard.pcsc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real PC/SC service for the tests: Debian's pcscd with vsmartcard's vpcd driver (two virtual
 * readers, "Virtual PCD 00 00" on TCP 35963 and "... 00 01" on 35964), started once per test JVM with
 * {@code --foreground} as a child process, its PID written to {@code target/pcscd/pcscd.pid} (so that
 * src/scripts/test.sh can stop it by PID if the JVM dies), stopped by PID when the JVM exits.
 *
 * <p>It can start after the JVM: the driver asks TerminalFactory.getInstance, not getDefault (see
 * PcscContext). pcscd's socket (/run/pcscd) and the vpcd ports are machine-wide, so one such
 * test run per machine at a time; a pcscd that the tests did not start makes them fail, saying so,
 * rather than skip.
 */
final class Pcscd {

    static final String READER_0 = "Virtual PCD 00 00";
    static final String READER_1 = "Virtual PCD 00 01";

    private static final Path DIR = Paths.get("target", "pcscd").toAbsolutePath();
    private static final Path PID_FILE = DIR.resolve("pcscd.pid");
    private static final Path SYSTEM_PID_FILE = Paths.get("/run/pcscd/pcscd.pid");
    private static Pcscd instance;

    private Process process;

    private Pcscd() {
    }

    /** The test JVM's pcscd, started on first use. */
    static synchronized Pcscd shared() {
        if (instance == null) {
            Pcscd p = new Pcscd();
            p.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::stop, "pcscd-stop"));
            instance = p;
        }
        return instance;
    }

    long pid() {
        return process.pid();
    }

    synchronized void restart() {
        stop();
        start();
    }

    /** Starts it again after {@link #stop()}. */
    synchronized void startAgain() {
        if (process == null) {
            start();
        }
    }

    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: pcscd removes its socket and PID file
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Files.deleteIfExists(PID_FILE);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private void start() {
        requireInstalled();
        stopLeftoverOfEarlierRun();
        Optional<Long> other = runningPcscd();
        if (other.isPresent()) {
            throw new IllegalStateException("a pcscd the tests did not start is running (PID " + other.get()
                    + "); the PC/SC tests start and restart their own: stop it first "
                    + "(src/scripts/pcsc-peer.sh stop, or kill " + other.get() + ")");
        }
        try {
            Files.createDirectories(DIR);
            process = new ProcessBuilder("pcscd", "--foreground", "--error")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(DIR.resolve("pcscd.log").toFile()))
                    .start();
            Files.writeString(PID_FILE, Long.toString(process.pid()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start pcscd", e);
        }
        awaitReaders(Duration.ofSeconds(10));
    }

    private void awaitReaders(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        PcscContext probe = new PcscContext();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pcscd exited at once (code " + process.exitValue() + "), see "
                        + DIR.resolve("pcscd.log"));
            }
            try {
                var names = probe.readers().stream().map(javax.smartcardio.CardTerminal::getName).toList();
                if (names.contains(READER_0) && names.contains(READER_1)) {
                    return;
                }
                last = "readers " + names;
            } catch (PcscServiceException e) {
                last = e.getMessage();
            }
            sleep(50);
        }
        throw new IllegalStateException("pcscd did not show the two vpcd readers in " + timeout + " (" + last
                + "); is vsmartcard-vpcd installed?");
    }

    private static void requireInstalled() {
        boolean pcscd = Files.isExecutable(Paths.get("/usr/sbin/pcscd")) || onPath("pcscd");
        boolean vpcd = Files.exists(Paths.get("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"))
                || Files.exists(Paths.get("/etc/reader.conf.d/vpcd"));
        if (!pcscd || !vpcd) {
            throw new IllegalStateException("the PC/SC tests need Debian's pcscd and vsmartcard-vpcd "
                    + "(apt-get install pcscd vsmartcard-vpcd; src/scripts/test.sh installs them as root)");
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Paths.get(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** A pcscd of an earlier test run whose JVM died: ours by the PID file, so it is stopped. */
    private static void stopLeftoverOfEarlierRun() {
        try {
            if (!Files.exists(PID_FILE)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(PID_FILE).strip());
            ProcessHandle.of(pid).filter(h -> h.info().command().orElse("").endsWith("pcscd")).ifPresent(h -> {
                h.destroy();
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
            Files.deleteIfExists(PID_FILE);
        } catch (IOException | NumberFormatException e) {
            // no usable leftover
        }
    }

    private static Optional<Long> runningPcscd() {
        try {
            if (Files.exists(SYSTEM_PID_FILE)) {
                long pid = Long.parseLong(Files.readString(SYSTEM_PID_FILE).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return Optional.of(pid);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable: pcscd itself will complain if it cannot start
        }
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().command().orElse("").endsWith("/pcscd"))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
