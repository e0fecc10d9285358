package com.payband.drivers.band.ble.bluez.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training radio's private bus ends with the console that started it, however that console ends: a console
 * killed with SIGKILL must not leave a dbus-daemon behind for every training session.
 */
class PrivateBusTest {

    @TempDir
    Path dir;

    @Test
    void closingTheBusStopsItsDaemon() throws Exception {
        PrivateBus bus = PrivateBus.start(Files.createDirectories(dir.resolve("closed")));
        Path socket = socketOf(bus.address());
        assertThat(answers(socket)).as("a running bus takes connections").isTrue();
        bus.close();
        assertThat(answers(socket)).isFalse();
        assertThat(daemonsOn(socket)).isZero();
    }

    @Test
    void aConsoleKilledWithSigkillTakesItsBusWithIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("killed"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process console = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Owner.class.getName(), folder.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String address = new BufferedReader(new InputStreamReader(console.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(address).as("the owner started its bus").startsWith("unix:path=");
            Path socket = socketOf(address);
            assertThat(answers(socket)).isTrue();
            assertThat(daemonsOn(socket)).isEqualTo(1);

            console.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            console.waitFor(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (daemonsOn(socket) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(daemonsOn(socket)).as("the daemon ended with its owner").isZero();
            assertThat(answers(socket)).isFalse();
        } finally {
            console.descendants().forEach(ProcessHandle::destroyForcibly);
            console.destroyForcibly();
        }
    }

    private static Path socketOf(String address) {
        return Path.of(address.substring("unix:path=".length()));
    }

    private static boolean answers(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** dbus-daemon processes listening on this socket, found by their command lines. */
    private static long daemonsOn(Path socket) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("dbus-daemon")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(socket.toString()))
                        .orElse(false))
                .count();
    }

    /** A console in miniature: starts a private bus, says where, and waits to be killed. */
    public static final class Owner {
        public static void main(String[] args) throws Exception {
            PrivateBus bus = PrivateBus.start(Path.of(args[0]));
            System.out.println(bus.address());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
