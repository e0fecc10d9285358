package com.payband.drivers.band.ble.bluez.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * SIMULATOR: a real dbus-daemon on a socket of its own (the session bus configuration, so that no policy file is
 * needed), standing for the system bus BlueZ lives on, for the BlueZ stand-in (tests, training without a dongle):
 * nothing of the machine's own buses is touched. Stopped when closed, and when the process that started it ends in
 * any way (a console killed with SIGKILL too): a shell holds the daemon and ends it once its standard input, a pipe
 * from this process, reaches its end, which the kernel makes happen when this process is gone.
 */
public final class PrivateBus implements AutoCloseable {

    private final Process daemon;
    private final String address;

    private PrivateBus(Process daemon, String address) {
        this.daemon = daemon;
        this.address = address;
    }

    public static PrivateBus start(Path folder) throws IOException {
        Path socket = folder.resolve("bus.sock");
        // the socket's path reaches the shell as an argument, never as shell text
        Process daemon = new ProcessBuilder("sh", "-c", "dbus-daemon --config-file=/usr/share/dbus-1/session.conf "
                + "--address=\"unix:path=$1\" --nofork --nopidfile --print-address=1 </dev/null & d=$!; "
                + "read -r _; kill $d; wait $d", "payband-private-bus", socket.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
        String printed = out.readLine(); // printed once it listens
        if (printed == null) {
            daemon.destroyForcibly();
            throw new IOException("dbus-daemon did not start (Debian: apt-get install dbus-daemon)");
        }
        return new PrivateBus(daemon, "unix:path=" + socket);
    }

    /** The bus's address, as DBUS_SYSTEM_BUS_ADDRESS would give it. */
    public String address() {
        return address;
    }

    /**
     * Stops the daemon. Throws no InterruptedException (a resource of try-with-resources should not): interrupted
     * while waiting, it kills the daemon at once and keeps the thread's interrupt for the caller.
     */
    @Override
    public void close() {
        try {
            daemon.getOutputStream().close(); // the end of its input: the shell stops the daemon
        } catch (IOException e) {
            daemon.destroy();
        }
        try {
            if (!daemon.waitFor(5, TimeUnit.SECONDS)) {
                killAll();
                daemon.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            killAll();
            Thread.currentThread().interrupt();
        }
    }

    /** The daemon first: killing the shell alone would leave it running. */
    private void killAll() {
        daemon.descendants().forEach(ProcessHandle::destroyForcibly);
        daemon.destroyForcibly();
    }
}
