package com.payband.drivers.band.ble.host;

import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.bluez.BluetoothAdapter;
import com.payband.drivers.band.ble.bluez.BluezAdapters;
import com.payband.drivers.band.ble.bluez.BluezException;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;

/**
 * The BLE host: the process in which TinyB runs, so that a crash of its native layer takes down this process and
 * not the console. Requests come on standard input, answers and events go to standard output (the protocol of
 * {@link HostProtocol}); TinyB's and GLib's warnings go to standard error, which the console keeps in a log. The host
 * ends when its input ends (the console is gone), exits {@value #EXIT_UNAVAILABLE} when BlueZ or the adapter is
 * missing or goes away (TinyB cannot recover in-process: the console starts a new host), and never retries TinyB's
 * start in-process.
 */
public final class BleHostMain {

    /** The bus daemon's own name: the sender of NameOwnerChanged. */
    private static final String BUS_DAEMON = "org.freedesktop.DBus";
    /** Lines waiting for the console at most before advertisements are dropped (answers and other events never). */
    static final int MAX_ADVERTISEMENTS_WAITING = 4096;

    /** BlueZ or the adapter is not there (EX_TEMPFAIL): the console tries again later. */
    public static final int EXIT_UNAVAILABLE = 75;
    static final String CONNECTED_MS = "ms";
    private static final long POLL_MS = 250;

    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService tinyb = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tinyb");
        t.setDaemon(true);
        return t;
    });
    private TinyRadio radio;
    private DBusConnection bus;

    private BleHostMain() {
    }

    /** Arguments: {@code [--adapter NAME|ADDRESS]}; the bus is found as every D-Bus client finds it. */
    public static void main(String[] args) {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        System.setOut(System.err); // whatever else prints must not break the protocol
        Optional<String> wanted = args.length == 2 && "--adapter".equals(args[0]) ? Optional.of(args[1])
                : Optional.empty();
        new BleHostMain().run(protocol, wanted);
    }

    private void run(PrintStream protocol, Optional<String> wanted) {
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    String line = out.take();
                    protocol.print(line);
                    protocol.print('\n');
                    if (out.isEmpty()) {
                        protocol.flush();
                    }
                }
            } catch (InterruptedException e) {
                protocol.flush();
            }
        }, "ble-host-out");
        writer.setDaemon(true);
        writer.start();

        BluetoothAdapter adapter;
        try {
            adapter = chooseAdapter(wanted);
            bus = DBusConnectionBuilder.forAddress(BluezAdapters.systemBusAddress()).withShared(false).build();
            watchBluez("/org/bluez/" + adapter.name());
        } catch (BluezException | DBusException e) {
            unavailable(e instanceof BluezException b ? b.reason().name() : "BUS_UNAVAILABLE", e.getMessage());
            return;
        }
        String adapterPath = "/org/bluez/" + adapter.name();
        try {
            TinyNatives.load();
            radio = onTinyB(() -> TinyRadio.open(adapterPath, this::send, this::mtu, this::connect));
        } catch (IOException e) {
            unavailable("TINYB", e.getMessage());
            return;
        } catch (BleException e) {
            unavailable("TINYB", e.getMessage());
            return;
        }
        // the first line of this start in logs/ble-host.log, above whatever TinyB and GLib print there
        System.err.println(java.time.Instant.now() + " PayBand BLE host " + ProcessHandle.current().pid()
                + ": TinyB " + TinyNatives.version() + " on "
                + adapter.name() + " (" + adapter.address() + ")");
        send(new HostProtocol.Message(HostProtocol.EVENT, "HELLO", Map.of("proto", Integer.toString(HostProtocol.VERSION),
                "pid", Long.toString(ProcessHandle.current().pid()), "adapter", adapter.name(),
                "address", adapter.address())));
        tinyb.scheduleWithFixedDelay(() -> {
            if (radio.scanning()) {
                radio.poll();
            }
        }, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);

        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            for (String line; (line = HostProtocol.readLine(in)) != null;) {
                handle(line);
            }
        } catch (IOException e) {
            // the console is gone
        }
        try {
            onTinyB(() -> {
                radio.disconnectAll();
                return null;
            });
        } catch (BleException e) {
            // leaving anyway
        }
        stop(0);
    }

    private void handle(String line) {
        HostProtocol.Message request;
        try {
            request = HostProtocol.parse(line);
        } catch (HostProtocol.MalformedLine e) {
            String id = line.length() < 20 && line.indexOf(' ') > 0 ? line.substring(0, line.indexOf(' ')) : "0";
            send(error(id.matches("[0-9]{1,18}") ? id : "0", "BAD_REQUEST", e.getMessage()));
            return;
        }
        // one TinyB thread: requests are answered in order, and scan polls run between them
        tinyb.execute(() -> {
            try {
                send(answer(request));
            } catch (BleException e) {
                send(error(request.id(), e.kind().name(), e.getMessage()));
            } catch (HostProtocol.MalformedLine | IllegalArgumentException e) {
                send(error(request.id(), "BAD_REQUEST", e.getMessage()));
            } catch (RuntimeException e) {
                send(error(request.id(), BleException.Kind.GATT_ERROR.name(), e.toString()));
            }
        });
    }

    private HostProtocol.Message answer(HostProtocol.Message r) throws BleException, HostProtocol.MalformedLine {
        return switch (r.verb()) {
            // the links it holds: each one's TinyB objects stay until the console says DISCONNECT
            case "PING" -> ok(r, Map.of("links", Integer.toString(radio.links())));
            case "SCAN" -> {
                radio.scan("on".equals(r.get("state")));
                yield ok(r, Map.of());
            }
            case "CONNECT" -> {
                HostProtocol.Message c = radio.connect(r.get("addr"), Duration.ofMillis(r.number(CONNECTED_MS)));
                yield ok(r, c.fields());
            }
            case "SERVICES" -> ok(r, Map.of("services", radio.services(r.number("conn"))));
            case "READ" -> ok(r, Map.of("value", HostProtocol.hex(radio.read(r.number("conn"), uuid(r, "svc"),
                    uuid(r, "chr")))));
            case "WRITE" -> {
                radio.write(r.number("conn"), uuid(r, "svc"), uuid(r, "chr"), r.bytes("value"));
                yield ok(r, Map.of());
            }
            case "SUBSCRIBE" -> {
                radio.subscribe(r.number("conn"), uuid(r, "svc"), uuid(r, "chr"));
                yield ok(r, Map.of());
            }
            case "RSSI" -> ok(r, Map.of("rssi", Integer.toString(radio.rssi(r.number("conn")))));
            case "DISCONNECT" -> {
                radio.disconnect(r.number("conn"));
                yield ok(r, Map.of());
            }
            default -> throw new HostProtocol.MalformedLine("unknown request " + r.verb());
        };
    }

    private static UUID uuid(HostProtocol.Message r, String key) throws HostProtocol.MalformedLine {
        try {
            return UUID.fromString(r.get(key));
        } catch (IllegalArgumentException e) {
            throw new HostProtocol.MalformedLine(key + " is not a UUID");
        }
    }

    private static HostProtocol.Message ok(HostProtocol.Message request, Map<String, String> fields) {
        return new HostProtocol.Message(request.id(), HostProtocol.OK, fields);
    }

    private static HostProtocol.Message error(String id, String kind, String detail) {
        return new HostProtocol.Message(id, HostProtocol.ERR, Map.of("kind", kind,
                "detail", HostProtocol.hexText(String.valueOf(detail))));
    }

    private void send(HostProtocol.Message message) {
        if (message.event() && "ADV".equals(message.verb())
                && out.size() >= MAX_ADVERTISEMENTS_WAITING) {
            // a console that reads slower than a crowd advertises: the device is reported again at the next poll
            return;
        }
        out.add(message.format());
    }

    /** BlueZ's adapters through dbus-java, before TinyB is touched: TinyB must not start where there is none. */
    private static BluetoothAdapter chooseAdapter(Optional<String> wanted) throws BluezException {
        return BluezAdapters.find(BluezAdapters.systemBusAddress(), wanted);
    }

    /**
     * BlueZ leaving the bus, or the adapter going (the dongle pulled out), ends the host: TinyB's proxies would be
     * stale and its GLib side unreliable. The console starts a new host, which says what is missing. Only the bus
     * daemon's and BlueZ's own signals count: any program on the system bus may send signals of these names, and
     * the daemon stamps each with its true sender.
     */
    private void watchBluez(String adapterPath) throws DBusException, BluezException {
        String bluez;
        try {
            bluez = bus.getRemoteObject(BUS_DAEMON, "/org/freedesktop/DBus", DBus.class).GetNameOwner("org.bluez");
        } catch (org.freedesktop.dbus.exceptions.DBusExecutionException e) {
            throw new BluezException(BluezException.Reason.BLUEZ_NOT_RUNNING, "BlueZ left the bus", e);
        }
        bus.addSigHandler(DBus.NameOwnerChanged.class, signal -> {
            if (BUS_DAEMON.equals(signal.getSource()) && "org.bluez".equals(signal.name)
                    && signal.newOwner.isEmpty()) {
                send(new HostProtocol.Message(HostProtocol.EVENT, "BLUEZ_GONE", Map.of()));
                stop(EXIT_UNAVAILABLE);
            }
        });
        bus.addSigHandler(ObjectManager.InterfacesRemoved.class, signal -> {
            if (bluez.equals(signal.getSource()) && adapterPath.equals(signal.getSignalSource().getPath())
                    && signal.getInterfaces().contains("org.bluez.Adapter1")) {
                send(new HostProtocol.Message(HostProtocol.EVENT, "ADAPTER_GONE", Map.of("adapter",
                        adapterPath.substring(adapterPath.lastIndexOf('/') + 1))));
                stop(EXIT_UNAVAILABLE);
            }
        });
    }

    /**
     * BlueZ's Connect through dbus-java, not TinyB's: TinyB waits for D-Bus's own reply timeout (25 s) while BlueZ
     * tries a silent address (a band gone, or an address a reset left) until the LE connection timeout, longer than
     * the console waits for the host. This attempt is cancelled with Disconnect at the deadline, as bluetoothctl's is;
     * one that succeeds all the same after it was given up is disconnected, so that no link is left without an owner.
     * Asked with a callback, not a blocking call: dbus-java's own reply timeout (20 s) must not end it first.
     */
    private void connect(String devicePath, Duration within) throws BleException {
        com.payband.drivers.band.ble.bluez.Device1 device;
        try {
            device = bus.getRemoteObject("org.bluez", devicePath, com.payband.drivers.band.ble.bluez.Device1.class);
        } catch (DBusException e) {
            throw new BleException(BleException.Kind.ADAPTER_UNAVAILABLE, "connect: " + e.getMessage(), e);
        }
        java.util.concurrent.CompletableFuture<Void> attempt = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean givenUp = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            bus.callWithCallback(device, "Connect", new org.freedesktop.dbus.interfaces.CallbackHandler<Void>() {
                @Override
                public void handle(Void none) {
                    attempt.complete(null);
                    if (givenUp.get()) {
                        disconnectLater(device);
                    }
                }

                @Override
                public void handleError(org.freedesktop.dbus.exceptions.DBusExecutionException e) {
                    attempt.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            throw new BleException(BleException.Kind.ADAPTER_UNAVAILABLE, "connect: " + e.getMessage(), e);
        }
        try {
            attempt.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            givenUp.set(true);
            disconnectLater(device);
            throw new BleException(BleException.Kind.NOT_FOUND, "connect: nothing answered at " + devicePath
                    + " within " + within.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            String said = (cause instanceof org.freedesktop.dbus.exceptions.DBusExecutionException d
                    ? d.getType() + ": " : "") + cause.getMessage();
            throw new BleException(TinyRadio.kind(said, BleException.Kind.NOT_FOUND), "connect: " + said, cause);
        } catch (InterruptedException e) {
            givenUp.set(true);
            disconnectLater(device);
            Thread.currentThread().interrupt();
            throw new BleException(BleException.Kind.TIMEOUT, "connect: interrupted");
        }
    }

    /** Disconnect without waiting for BlueZ's answer: it cancels an attempt under way, or ends a link nobody owns. */
    private void disconnectLater(com.payband.drivers.band.ble.bluez.Device1 device) {
        try {
            bus.callWithCallback(device, "Disconnect", new org.freedesktop.dbus.interfaces.CallbackHandler<Void>() {
                @Override
                public void handle(Void none) {
                    // done
                }

                @Override
                public void handleError(org.freedesktop.dbus.exceptions.DBusExecutionException e) {
                    // nothing was connected, or BlueZ is going: either way no link is left
                }
            });
        } catch (RuntimeException e) {
            // the bus is gone: BlueZ drops what this client asked for with it
        }
    }

    /** TinyB has no MTU call and BlueZ negotiates by itself: BlueZ's GattCharacteristic1.MTU, else ATT's 23. */
    private int mtu(String devicePath) {
        try {
            Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = bus
                    .getRemoteObject("org.bluez", "/", ObjectManager.class).GetManagedObjects();
            for (var o : objects.entrySet()) {
                Map<String, Variant<?>> c = o.getValue().get("org.bluez.GattCharacteristic1");
                if (c != null && o.getKey().getPath().startsWith(devicePath + "/") && c.get("MTU") != null
                        && c.get("MTU").getValue() instanceof UInt16 mtu && mtu.intValue() >= 23) {
                    return Math.min(mtu.intValue(), 517);
                }
            }
        } catch (DBusException | RuntimeException e) {
            // an older BlueZ: the minimum is always safe
        }
        return 23;
    }

    private interface TinyCall<T> {
        T call() throws BleException;
    }

    private <T> T onTinyB(TinyCall<T> call) throws BleException {
        try {
            return tinyb.submit(() -> call.call()).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof BleException b) {
                throw b;
            }
            throw new BleException(BleException.Kind.ADAPTER_UNAVAILABLE, String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BleException(BleException.Kind.ADAPTER_UNAVAILABLE, "interrupted");
        }
    }

    private void unavailable(String reason, String detail) {
        send(new HostProtocol.Message(HostProtocol.EVENT, "UNAVAILABLE", Map.of("reason", reason,
                "detail", HostProtocol.hexText(String.valueOf(detail)))));
        stop(EXIT_UNAVAILABLE);
    }

    /** Lets the last lines out, then ends the process (TinyB's GLib threads would keep it alive otherwise). */
    private void stop(int code) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!out.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                break;
            }
        }
        try {
            Thread.sleep(50); // the writer flushes after its last line
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(code);
    }
}
