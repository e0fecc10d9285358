package com.payband.console.receipt;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real print system for the tests: Debian's cupsd, private to the test JVM (its own configuration, spool
 * and state under {@code target/cups}, listening on a free loopback port, nothing shared with a CUPS the
 * machine may run), with one queue on cups-pdf, the PDF printer, made the default. Started as a child process,
 * its PID in {@code target/cups/cupsd.pid} (src/scripts/test.sh stops it by that PID if the JVM dies), stopped
 * by PID when the test is done.
 *
 * <p>cups-pdf reads its settings from /etc/cups/cups-pdf-QUEUE.conf (a path compiled into it): the queue's own
 * file there names the output folder and is removed when the peer stops. cupsd drops its filters' rights to
 * the lp user, so it runs as root, as the test command does.
 */
final class Cupsd implements AutoCloseable {

    static final String QUEUE = "PaybandReceiptTest";
    private static final Path DIR = Paths.get("target", "cups").toAbsolutePath();
    static final Path PID_FILE = DIR.resolve("cupsd.pid");
    private static final Path QUEUE_CONF = Paths.get("/etc/cups", "cups-pdf-" + QUEUE + ".conf");

    private final int port;
    private final Path output = DIR.resolve("printed");
    private Process process;

    private Cupsd(int port) {
        this.port = port;
    }

    static Cupsd start() throws IOException, InterruptedException {
        requireInstalled();
        stopLeftover();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Cupsd cupsd = new Cupsd(port);
        cupsd.launch();
        return cupsd;
    }

    /** What a client puts in {@code CUPS_SERVER} to reach this cupsd. */
    String server() {
        return "127.0.0.1:" + port;
    }

    /** Where the PDF printer puts what it printed. */
    Path output() {
        return output;
    }

    private void launch() throws IOException, InterruptedException {
        com.payband.console.files.Folders.deleteTree(DIR);
        for (String d : List.of("spool", "cache", "state", "log", "printed")) {
            Files.createDirectories(DIR.resolve(d));
        }
        // cupsd exits at once, saying nothing, unless its temporary folder is root:lp 1770
        Path tmp = Files.createDirectories(DIR.resolve("tmp"));
        run("chown", "root:lp", tmp.toString());
        run("chmod", "1770", tmp.toString());
        Files.writeString(DIR.resolve("cupsd.conf"), String.join("\n",
                "Listen 127.0.0.1:" + port, "Browsing No", "WebInterface No", "LogLevel warn",
                // a private server on loopback: anyone there may add the queue and print
                "<Location />", "  Order allow,deny", "  Allow 127.0.0.1", "</Location>",
                "<Policy default>", "  <Limit All>", "    Order deny,allow", "  </Limit>", "</Policy>", ""));
        Files.writeString(DIR.resolve("cups-files.conf"), String.join("\n",
                "ServerRoot " + DIR, "RequestRoot " + DIR.resolve("spool"), "CacheDir " + DIR.resolve("cache"),
                "StateDir " + DIR.resolve("state"), "TempDir " + tmp, "ServerBin /usr/lib/cups",
                "DataDir /usr/share/cups", "AccessLog " + DIR.resolve("log/access_log"),
                "ErrorLog " + DIR.resolve("log/error_log"), "PageLog " + DIR.resolve("log/page_log"),
                "User lp", "Group lp", "SystemGroup root", ""));
        process = new ProcessBuilder("cupsd", "-f", "-c", DIR.resolve("cupsd.conf").toString(), "-s",
                DIR.resolve("cups-files.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(DIR.resolve("log/cupsd.out").toFile()))
                .start();
        Files.writeString(PID_FILE, Long.toString(process.pid()), StandardCharsets.US_ASCII);
        awaitListening(Duration.ofSeconds(10));
        Files.writeString(QUEUE_CONF, "Out " + output + "\n");
        lp("lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/" + QUEUE, "-P",
                "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd");
        lp("lpadmin", "-d", QUEUE);
    }

    /** Runs a CUPS client command (lpadmin, cupsreject, ...) against this cupsd. */
    void lp(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CUPS_SERVER", server());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private void awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("cupsd exited at once (code " + process.exitValue()
                        + "): cupsd -t -c " + DIR.resolve("cupsd.conf") + " -s " + DIR.resolve("cups-files.conf")
                        + " says why; see " + DIR.resolve("log"));
            }
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("cupsd did not listen on port " + port + " within " + timeout);
    }

    /** The files the PDF printer has finished (cups-pdf makes the file first and writes it afterwards). */
    List<Path> printed() throws IOException {
        List<Path> done = new ArrayList<>();
        try (var files = Files.list(output)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pdf")).sorted().toList()) {
                String tail = new String(tail(f), StandardCharsets.ISO_8859_1);
                if (tail.contains("%%EOF")) {
                    done.add(f);
                }
            }
        }
        return done;
    }

    private static byte[] tail(Path f) throws IOException {
        byte[] all = Files.readAllBytes(f);
        return java.util.Arrays.copyOfRange(all, Math.max(0, all.length - 64), all.length);
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        Files.deleteIfExists(PID_FILE);
        Files.deleteIfExists(QUEUE_CONF);
    }

    private static void stopLeftover() throws IOException, InterruptedException {
        if (Files.exists(PID_FILE)) {
            long pid = Long.parseLong(Files.readString(PID_FILE).trim());
            ProcessHandle.of(pid).filter(h -> h.info().command().map(c -> c.endsWith("cupsd")).orElse(false))
                    .ifPresent(ProcessHandle::destroy);
            Files.delete(PID_FILE);
        }
    }

    private static void requireInstalled() {
        boolean cupsd = Files.isExecutable(Paths.get("/usr/sbin/cupsd"));
        boolean pdf = Files.exists(Paths.get("/usr/lib/cups/backend/cups-pdf"));
        boolean lpr = Files.isExecutable(Paths.get("/usr/bin/lpr"));
        if (!cupsd || !pdf || !lpr) {
            throw new IllegalStateException("the printing tests need Debian's cups, printer-driver-cups-pdf and "
                    + "cups-bsd (apt-get install cups printer-driver-cups-pdf cups-bsd; src/scripts/test.sh installs "
                    + "them as root)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the printing tests start their own cupsd, which must run as root "
                    + "(it hands its filters to the lp user): run src/scripts/test.sh as root");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
