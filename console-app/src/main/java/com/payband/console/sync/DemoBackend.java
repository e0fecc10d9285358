package com.payband.console.sync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend of simulator mode: the reference backend's jar run as a child process on loopback, with its own CA,
 * issuer keys (in software: a demo backend) and H2 database in the simulator's folder, taking simulated bands and
 * cards. The console registers with it by itself and then syncs over mutual TLS exactly as a store's console does
 * with its provider's backend; nothing of the backend's runs in the console's process or reads its files but the
 * administration token, as the backend's own operator would. Started on first use, stopped with the console, and
 * told the console's PID so that it also stops when the console is killed.
 */
public final class DemoBackend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoBackend.class);
    /** The jar, when not beside the console's: a system property, then the environment. */
    public static final String JAR_PROPERTY = "payband.demo-backend";
    public static final String JAR_ENVIRONMENT = "PAYBAND_DEMO_BACKEND";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String JAR_NAME = "payband-backend.jar";

    private final Path jar;
    private final Path folder;
    private Process process;
    private URI address;
    private volatile boolean closed;
    private int adminPort;

    /**
     * @param jar    the backend's runnable jar
     * @param folder its data folder (the simulator's {@code backend/})
     */
    public DemoBackend(Path jar, Path folder) {
        this.jar = jar.toAbsolutePath();
        this.folder = folder.toAbsolutePath();
    }

    /**
     * The backend jar for simulator mode: named by {@value #JAR_PROPERTY} or ${@value #JAR_ENVIRONMENT} (run.sh names
     * it), else the source tree's {@code backend/target} next to the console's own built jar (a developer's build).
     * Never an installed copy: a store's console is registered with its provider's backend by an administrator, and
     * must not register with a demo backend by itself. Empty when there is none (the console's own classes run from a
     * build folder, as in its tests).
     */
    public static Optional<Path> locate() {
        String named = System.getProperty(JAR_PROPERTY, System.getenv(JAR_ENVIRONMENT));
        if (named != null && !named.isBlank()) {
            return Optional.of(Paths.get(named)).filter(Files::isRegularFile);
        }
        try {
            Path self = Paths.get(DemoBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(self)) {
                return Optional.empty();
            }
            Path dir = self.getParent();
            for (Path candidate : List.of(dir.resolve("../../backend/target/" + JAR_NAME))) {
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
        } catch (Exception e) {
            LOG.debug("the console's own location is unknown: {}", e.toString());
        }
        return Optional.empty();
    }

    /** Whether this console's link is to this demo backend (it registered with it). */
    boolean serves(BackendLink link) {
        try {
            Path registered = folder.resolve("console.id");
            return Files.isRegularFile(registered)
                    && Files.readString(registered, StandardCharsets.US_ASCII).strip().equals(link.consoleId());
        } catch (IOException e) {
            return false;
        }
    }

    /** Remembers which console registered here, for {@link #serves}. */
    void registered(String consoleId) throws IOException {
        Files.writeString(folder.resolve("console.id"), consoleId, StandardCharsets.US_ASCII);
    }

    /**
     * Starts the backend unless it runs; its API's address. The port of its last run is tried first, so that the
     * console's link stays valid; when it is taken, any free port.
     */
    public synchronized URI start() throws BackendException {
        if (closed) {
            throw new BackendException(BackendException.Reason.UNREACHABLE, "the console is closing");
        }
        if (address != null && (process == null ? running().isPresent() : process.isAlive())) {
            return address;
        }
        try {
            Files.createDirectories(folder);
            Optional<Map<?, ?>> orphan = running();
            if (orphan.isPresent()) {
                // a backend left by a console that died moments ago stops by itself (--exit-with); wait for it
                long pid = ((Number) orphan.get().get("pid")).longValue();
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().completeOnTimeout(p, 10, java.util.concurrent.TimeUnit.SECONDS)
                        .join());
                Optional<Map<?, ?>> still = running();
                if (still.isPresent()) {
                    // not one that goes with a dead console (its operator started it on this folder): use it as it is
                    adminPort = ((Number) still.get().get("adminPort")).intValue();
                    address = URI.create("https://127.0.0.1:" + ((Number) still.get().get("port")).intValue() + "/");
                    LOG.info("demo backend (PID {}) already serving at {}: used, not started", pid, address);
                    return address;
                }
            }
            int lastPort = lastPort();
            try {
                return launch(lastPort);
            } catch (BackendException e) {
                if (lastPort == 0) {
                    throw e;
                }
                LOG.info("the demo backend's port {} is taken; it moves to another", lastPort);
                return launch(0);
            }
        } catch (IOException e) {
            throw new BackendException(BackendException.Reason.UNREACHABLE, "the demo backend cannot be started: "
                    + e.getMessage());
        }
    }

    private URI launch(int port) throws BackendException, IOException {
        Path log = folder.resolve("backend.log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "serve", "--port", String.valueOf(port),
                "--data-dir", folder.toString(), "--accept-simulated",
                "--exit-with", String.valueOf(ProcessHandle.current().pid())));
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<Map<?, ?>> r = running();
            if (r.isPresent() && ((Number) r.get().get("pid")).longValue() == p.pid()) {
                process = p;
                int apiPort = ((Number) r.get().get("port")).intValue();
                adminPort = ((Number) r.get().get("adminPort")).intValue();
                address = URI.create("https://127.0.0.1:" + apiPort + "/");
                Files.writeString(folder.resolve("last-port"), String.valueOf(apiPort), StandardCharsets.US_ASCII);
                LOG.info("demo backend (PID {}) serving at {}; its log: {}", p.pid(), address, log);
                return address;
            }
            if (!p.isAlive()) {
                throw new BackendException(BackendException.Reason.UNREACHABLE, "the demo backend stopped at start: "
                        + tail(log, logStart));
            }
            if (closed) {
                p.destroy();
                throw new BackendException(BackendException.Reason.UNREACHABLE, "the console is closing");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                p.destroy();
                Thread.currentThread().interrupt();
                throw new BackendException(BackendException.Reason.UNREACHABLE, "interrupted while the demo backend started");
            }
        }
        p.destroyForcibly();
        throw new BackendException(BackendException.Reason.UNREACHABLE, "the demo backend did not start within "
                + START_TIMEOUT.toSeconds() + " s: " + tail(log, logStart));
    }

    /** A one-time registration code, from the backend's loopback administration port with its operator's token. */
    synchronized String registrationCode() throws BackendException {
        start();
        try {
            String token = Files.readString(folder.resolve("admin.token"), StandardCharsets.US_ASCII).strip();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + adminPort + com.payband.sync.api.ApiPaths.ADMIN_REGISTRATION_CODES))
                    .header(com.payband.sync.api.ApiPaths.ADMIN_TOKEN_HEADER, token)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"validHours\": 1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new BackendException(BackendException.Reason.REFUSED, "the demo backend made no registration code: "
                        + r.statusCode() + " " + r.body());
            }
            return BackendClient.JSON.readTree(r.body()).get("code").asText();
        } catch (IOException e) {
            throw new BackendException(BackendException.Reason.UNREACHABLE, "the demo backend made no registration code: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Reason.UNREACHABLE, "interrupted");
        }
    }

    /** The process, while it runs (tests look at it). */
    public synchronized Optional<ProcessHandle> process() {
        return process == null || !process.isAlive() ? Optional.empty() : Optional.of(process.toHandle());
    }

    /** Stops it as its operator would (SIGTERM: the database is closed cleanly); it is not started again. */
    @Override
    public void close() {
        closed = true; // first, unsynchronised: a start under way sees it and gives up
        synchronized (this) {
            stop();
        }
    }

    private void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        address = null;
    }

    private Optional<Map<?, ?>> running() {
        Path file = folder.resolve("backend.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<?, ?> m;
        try {
            m = BackendClient.JSON.readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            return Optional.empty(); // being written
        }
        Object pid = m.get("pid");
        if (pid instanceof Number n && ProcessHandle.of(n.longValue()).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(m);
        }
        return Optional.empty();
    }

    private int lastPort() {
        try {
            return Integer.parseInt(Files.readString(folder.resolve("last-port"), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The java that runs the console (an installed console's runtime has one too). */
    private static String javaBinary() {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString()
                : ProcessHandle.current().info().command().orElse("java");
    }

    private static String tail(Path log, long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    StandardCharsets.UTF_8).strip();
            return text.length() > 600 ? "..." + text.substring(text.length() - 600) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
