package com.payband.backend.testpeer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The real database for the backend tests: Debian's PostgreSQL, a private cluster made fresh for each test JVM
 * in {@code target/postgres/data} (trust authentication, superuser {@value #USER}, durability off since nothing
 * there needs to survive the JVM, unless {@link #DURABLE}), listening on a free loopback port, nothing shared
 * with a PostgreSQL the machine may run. Started once per JVM with {@link #shared()} as a foreground child process, its PID in
 * {@code target/postgres/postgres.pid} (src/scripts/test.sh stops it by that PID if the JVM dies), stopped when
 * the JVM exits. Each test class makes the databases it needs with {@link #createDatabase(String)}.
 *
 * <p>PostgreSQL refuses to run as root, and the test command runs as root: then the server, initdb and pg_ctl
 * run as the unprivileged {@code postgres} user (made by Debian's package; {@code nobody} without it) through
 * runuser, and {@code target/postgres} is handed to that user.
 */
public final class Postgres {

    private static final String USER = "payband";
    private static final Path DIR = Paths.get("target", "postgres").toAbsolutePath();
    private static final Path DATA = DIR.resolve("data");
    private static final Path LOG = DIR.resolve("postgres.log");
    static final Path PID_FILE = DIR.resolve("postgres.pid");
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    /** sun_path holds 108 bytes with its terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    private static Postgres instance;
    /** -Dpostgres.durable=true: each commit on disk before it is answered, as in production (for benchmarks). */
    public static final boolean DURABLE = Boolean.getBoolean("postgres.durable");

    private final Path bin;
    /** The unprivileged user the server runs as when the JVM is root; null otherwise. */
    private final String serverUser;
    private final int port;
    private Process process;
    private long serverPid;

    private Postgres(Path bin, String serverUser, int port) {
        this.bin = bin;
        this.serverUser = serverUser;
        this.port = port;
    }

    /** The test JVM's PostgreSQL, started on first use. */
    public static synchronized Postgres shared() {
        if (instance == null) {
            Path bin = binaries();
            String serverUser = isRoot() ? unprivilegedUser() : null;
            Postgres p = new Postgres(bin, serverUser, freePort());
            try {
                p.start();
            } catch (RuntimeException e) {
                p.stop(); // a half-started server must not outlive the failure
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(p::stop, "postgres-stop"));
            instance = p;
        }
        return instance;
    }

    /** The superuser the tests connect as; no password (trust authentication). */
    public String user() {
        return USER;
    }

    public int port() {
        return port;
    }

    /** Makes an empty database; returns its JDBC URL. */
    public synchronized String createDatabase(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        // -X: not the .psqlrc of whoever runs the tests
        run(Duration.ofSeconds(60), List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, "-d", "postgres",
                "-c", "CREATE DATABASE " + name));
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    private void start() {
        stopLeftover();
        try {
            deleteRecursively(DIR);
            Files.createDirectories(DIR);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make " + DIR + " afresh", e);
        }
        if (serverUser != null) {
            run(Duration.ofSeconds(60), List.of("chown", "-R", serverUser + ":", DIR.toString()));
            // initdb would only say "Permission denied": say which folder and why
            if (!succeeds(asServerUser("test", "-w", DIR.toString(), "-a", "-x", DIR.toString()))) {
                throw new IllegalStateException("PostgreSQL runs as " + serverUser + " (it refuses root), who cannot "
                        + "write " + DIR + ": every folder above it must be searchable (o+x) by " + serverUser);
            }
        }
        initdb();
        // the socket's path must fit sun_path; the tests use TCP only, so a deep checkout goes without one
        String socketDir = (DIR + "/.s.PGSQL." + port).length() <= MAX_SOCKET_PATH ? DIR.toString() : "";
        try {
            List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D",
                    DATA.toString(), "-k", socketDir, "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-c", "max_connections=200"));
            if (!DURABLE) {
                command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
            }
            process = builder(asServerUser(command.toArray(String[]::new)))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + bin.resolve("postgres"), e);
        }
        serverPid = process.pid();
        // through runuser this is runuser's PID until postmaster.pid names the server (see awaitReady)
        writePidFile(serverPid);
        awaitReady(Duration.ofSeconds(60));
    }

    private void initdb() {
        List<String> base = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", DATA.toString(),
                "-A", "trust", "-U", USER, "--encoding=UTF8", "--no-sync"));
        List<String> utf8 = new ArrayList<>(base);
        utf8.add("--locale=C.UTF-8");
        String failure = tryRun(Duration.ofSeconds(120), asServerUser(utf8.toArray(String[]::new)));
        if (failure == null) {
            return;
        }
        // a libc without the C.UTF-8 locale: plain C sorts the same (by code point) and stores UTF-8 all the same
        try {
            deleteRecursively(DATA);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + DATA + " after a failed initdb", e);
        }
        base.add("--locale=C");
        String again = tryRun(Duration.ofSeconds(120), asServerUser(base.toArray(String[]::new)));
        if (again != null) {
            throw new IllegalStateException("initdb failed with --locale=C.UTF-8:\n" + failure
                    + "\nand with --locale=C:\n" + again);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path postmasterPid = DATA.resolve("postmaster.pid");
        boolean pidKnown = serverUser == null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited at once (code " + process.exitValue() + "):\n"
                        + logTail());
            }
            List<String> status = readLines(postmasterPid);
            if (!pidKnown && !status.isEmpty()) {
                try {
                    serverPid = Long.parseLong(status.get(0).strip());
                    writePidFile(serverPid);
                    pidKnown = true;
                } catch (NumberFormatException halfWritten) {
                    // read again on the next round
                }
            }
            // the port answers before recovery is over; the last line of postmaster.pid turns "ready" after
            if (pidKnown && listening() && status.stream().anyMatch(l -> l.strip().equals("ready"))) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("postgres did not accept connections on 127.0.0.1:" + port + " within "
                + timeout + ":\n" + logTail());
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    synchronized void stop() {
        if (process == null) {
            return;
        }
        // fast: open connections (a pool the tests left) are ended rather than waited for, as the default would
        String failure = tryRun(Duration.ofSeconds(20), asServerUser(bin.resolve("pg_ctl").toString(), "stop",
                "-D", DATA.toString(), "-m", "fast", "-w", "-t", "10"));
        if (failure != null) {
            ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroy);
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
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

    /**
     * A server of an earlier test run whose JVM died: ours by the PID file (or by the cluster's own
     * postmaster.pid, should the JVM have died before writing it), so it is stopped before its folder goes.
     */
    private static void stopLeftover() {
        List<Long> pids = new ArrayList<>();
        for (Path f : List.of(PID_FILE, DATA.resolve("postmaster.pid"))) {
            List<String> lines = readLines(f);
            if (!lines.isEmpty()) {
                try {
                    pids.add(Long.parseLong(lines.get(0).strip()));
                } catch (NumberFormatException ignored) {
                    // not a PID
                }
            }
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(h -> {
                String command = h.info().command().orElse("");
                return command.endsWith("/postgres") || command.endsWith("/runuser");
            }).ifPresent(h -> {
                h.destroy(); // SIGTERM: with its clients gone with the JVM, the server stops at once
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
        try {
            Files.deleteIfExists(PID_FILE);
        } catch (IOException ignored) {
            // the folder is deleted next, which says what is wrong
        }
    }

    /** The newest of Debian's PostgreSQL versions installed side by side in /usr/lib/postgresql/N. */
    private static Path binaries() {
        Path root = Paths.get("/usr/lib/postgresql");
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(root)) {
            try (var versions = Files.list(root)) {
                newest = versions
                        .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .map(v -> v.resolve("bin"))
                        .filter(b -> Arrays.asList("initdb", "pg_ctl", "postgres", "psql").stream()
                                .allMatch(x -> Files.isExecutable(b.resolve(x))))
                        .max(Comparator.comparingDouble(b -> Double.parseDouble(
                                b.getParent().getFileName().toString())));
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + root, e);
            }
        }
        return newest.orElseThrow(() -> new IllegalStateException("the backend tests need Debian's PostgreSQL "
                + "server (initdb, pg_ctl, postgres in /usr/lib/postgresql/N/bin): apt-get install postgresql; "
                + "src/scripts/test.sh installs it as root"));
    }

    private static boolean isRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return p.waitFor() == 0 && uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String unprivilegedUser() {
        return succeeds(List.of("id", "-u", "postgres")) ? "postgres" : "nobody";
    }

    private static int freePort() {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    /** The command as it is run: through runuser when the JVM is root. */
    private List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (serverUser != null) {
            full.addAll(List.of("runuser", "-u", serverUser, "--"));
        }
        full.addAll(Arrays.asList(command));
        return full;
    }

    private static ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (Files.isDirectory(DIR)) {
            // the server user may not be allowed into the JVM's working folder (a command cannot start in a
            // folder that does not exist yet, hence the check)
            pb.directory(DIR.toFile());
        }
        // PGHOST, PGDATA, PGOPTIONS... of the shell that ran the tests would redirect or change the commands
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        return pb;
    }

    private static void run(Duration timeout, List<String> command) {
        String failure = tryRun(timeout, command);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** Null when the command succeeded, else what went wrong with its output. */
    private static String tryRun(Duration timeout, List<String> command) {
        try {
            Process p = builder(command).redirectErrorStream(true).start();
            // read on a thread of its own, so that a command that hangs still meets its timeout
            StringBuffer output = new StringBuffer();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append("(output unreadable: ").append(e).append(')');
                }
            }, "postgres-command-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish within " + timeout;
            }
            reader.join(5000);
            return p.exitValue() == 0 ? null
                    : String.join(" ", command) + " failed (code " + p.exitValue() + "): " + output.toString().strip();
        } catch (IOException e) {
            return String.join(" ", command) + " failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return String.join(" ", command) + " interrupted";
        }
    }

    private static boolean succeeds(List<String> command) {
        return tryRun(Duration.ofSeconds(30), command) == null;
    }

    private static void writePidFile(long pid) {
        try {
            Files.writeString(PID_FILE, Long.toString(pid), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + PID_FILE, e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String logTail() {
        List<String> lines = readLines(LOG);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
