package com.payband.console.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.backend.BackendMain;
import com.payband.backend.events.EventLog;
import com.payband.backend.store.BackendStore;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend, a process of its own on its embedded H2 file, killed (-9) while a console pushes a long queue: after
 * it is started again the console's next push finishes, and the backend holds every event exactly once (a batch it
 * stored before it died, whose answer never came, is sent again and counted a duplicate).
 */
class BackendKilledMidBatchTest {

    private static final int EVENTS = 6_000;

    @TempDir
    Path dir;

    private Process backend;

    @AfterEach
    void stop() throws Exception {
        if (backend != null && backend.isAlive()) {
            backend.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBackendKilledDuringAPushLosesAndDuplicatesNothing() throws Exception {
        Path data = dir.resolve("backend");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = serve(data, port);
        String code = run("registration-code", "--data-dir", data.toString()).strip();
        try (ConsoleServices services = TestStores.create(dir.resolve("store"), Clock.systemUTC())) {
            services.backend().register(TestStores.admin(services), url, code, "Shop");
            for (int done = 0; done < EVENTS; done += 500) {
                int from = done;
                services.database().runInTransaction(s -> {
                    for (int i = from; i < from + 500; i++) {
                        services.outbox().append(s, "binding.state-changed", "binding-" + i % 300,
                                Map.of("state", "SUSPENDED", "reason", "LOST", "n", i), false);
                    }
                });
            }
            CompletableFuture<Throwable> pushing = CompletableFuture.supplyAsync(() -> {
                try {
                    services.sync().push();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            // killed once some batches are in, while others are on their way
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (services.outbox().pendingCount() > EVENTS - 1_500 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            backend.destroyForcibly();
            assertThat(backend.waitFor(20, TimeUnit.SECONDS)).isTrue();
            Throwable failed = pushing.get(60, TimeUnit.SECONDS);
            assertThat(failed).isInstanceOf(BackendException.class);
            long left = services.outbox().pendingCount();
            assertThat(left).isGreaterThan(0).isLessThan(EVENTS);

            serve(data, port);
            SyncService.PushReport report = services.sync().push();
            assertThat(report.queued()).isZero();
            assertThat(report.rejected()).isZero();
            assertThat(services.sync().status(TestStores.admin(services)).rejected()).isZero();
            backend.destroy();
            assertThat(backend.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        try (BackendStore store = BackendStore.open(data, null, null, null)) {
            assertThat(new EventLog(store, Clock.systemUTC(), true).count()).isEqualTo(EVENTS);
        }
    }

    /** Starts the backend jar's main as a process; its address. */
    private String serve(Path data, int port) throws Exception {
        backend = java("serve", "--port", Integer.toString(port), "--data-dir", data.toString(), "--accept-simulated")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String first = new BufferedReader(new InputStreamReader(backend.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(first).startsWith("PayBand backend listening on https://");
        return first.substring(first.indexOf("https://")).strip();
    }

    private static String run(String... args) throws Exception {
        Process p = java(args).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("payband-backend " + String.join(" ", args) + ": " + err);
        }
        return out;
    }

    private static ProcessBuilder java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BackendMain.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
