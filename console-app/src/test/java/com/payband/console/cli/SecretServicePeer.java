package com.payband.console.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/**
 * A real Secret Service for the OS credential-store tests: a private D-Bus session bus (dbus-daemon)
 * with GNOME Keyring on it, in a folder of the test's own, started as child processes and stopped by
 * their PIDs. Needs the Debian packages dbus and gnome-keyring, which src/scripts/test.sh installs.
 */
final class SecretServicePeer implements AutoCloseable {

    private static final String KEYRING_PASSWORD = "keyring password of the test session";

    private final Path home;
    private final Path socket;
    private final Process bus;
    private Process keyring;

    private SecretServicePeer(Path home, Path socket, Process bus) {
        this.home = home;
        this.socket = socket;
        this.bus = bus;
    }

    static SecretServicePeer start(Path dir) throws IOException, InterruptedException {
        for (String program : new String[] {"/usr/bin/dbus-daemon", "/usr/bin/gnome-keyring-daemon", "/usr/bin/dbus-send"}) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new AssertionFailedError(program + " is missing: install the Debian packages dbus and gnome-keyring"
                        + " (src/scripts/test.sh does, as root)");
            }
        }
        Path home = Files.createDirectories(dir.resolve("home"));
        Path runtime = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        Path socket = dir.resolve("bus.sock");
        Process bus = new ProcessBuilder("/usr/bin/dbus-daemon", "--session", "--nofork", "--nopidfile",
                "--address=unix:path=" + socket)
                .redirectErrorStream(true).redirectOutput(dir.resolve("dbus.log").toFile()).start();
        SecretServicePeer peer = new SecretServicePeer(home, socket, bus);
        try {
            peer.await(() -> Files.exists(socket), "the session bus");
            peer.startKeyring();
        } catch (IOException | InterruptedException | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** The environment a process needs to reach this Secret Service. */
    Map<String, String> environment() {
        return Map.of("DBUS_SESSION_BUS_ADDRESS", busAddress(), "HOME", home.toString(),
                "XDG_RUNTIME_DIR", home.resolveSibling("run").toString());
    }

    String busAddress() {
        return "unix:path=" + socket;
    }

    /** Stops the keyring daemon and deletes its keyrings: the OS account's secrets are gone. */
    void loseKeyrings() throws IOException, InterruptedException {
        stop(keyring);
        Path keyrings = home.resolve(".local/share/keyrings");
        if (Files.isDirectory(keyrings)) {
            try (var files = Files.list(keyrings)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        startKeyring();
    }

    private void startKeyring() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/gnome-keyring-daemon", "--foreground", "--unlock",
                "--components=secrets")
                .redirectErrorStream(true).redirectOutput(home.resolveSibling("keyring.log").toFile());
        builder.environment().putAll(environment());
        keyring = builder.start();
        try (OutputStream stdin = keyring.getOutputStream()) {
            stdin.write(KEYRING_PASSWORD.getBytes(StandardCharsets.UTF_8));
        }
        await(this::secretsOnTheBus, "org.freedesktop.secrets on the session bus");
    }

    private boolean secretsOnTheBus() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/dbus-send", "--session", "--print-reply",
                "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets").redirectErrorStream(true);
        builder.environment().putAll(environment());
        Process query = builder.start();
        String reply = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        query.waitFor();
        return reply.contains("boolean true");
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException, InterruptedException;
    }

    private void await(Condition condition, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.holds()) {
            if (!bus.isAlive() || keyring != null && !keyring.isAlive()) {
                throw new AssertionFailedError(what + ": a peer process died; see its log in " + home.getParent());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError(what + " did not come up within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(keyring);
        stop(bus);
    }
}
