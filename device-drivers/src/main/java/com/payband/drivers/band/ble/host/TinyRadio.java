package com.payband.drivers.band.ble.host;

import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.BleException.Kind;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import tinyb.BluetoothAdapter;
import tinyb.BluetoothDevice;
import tinyb.BluetoothException;
import tinyb.BluetoothGattCharacteristic;
import tinyb.BluetoothGattService;
import tinyb.BluetoothManager;
import tinyb.BluetoothObject;

/**
 * TinyB as the BLE host uses it, by the safe-use rules of src/docs/ble.md: every call on the host's one TinyB thread;
 * scans poll {@code BluetoothManager.getDevices()} (one D-Bus call, not one per device) and free each polled object
 * at once; a connection holds its characteristics for its whole life (TinyB ends a subscription silently when the
 * Java object is collected); callbacks from GLib's thread only hand a copy on. Not thread-safe by design.
 */
final class TinyRadio {

    /** Devices remembered between polls: enough for a stock room, bounded whatever advertises. */
    static final int MAX_SEEN = 1024;
    private static final long READVERTISE_NANOS = 1_000_000_000L;

    private final BluetoothManager manager;
    private final BluetoothAdapter adapter;
    private final String adapterPath;
    private final Consumer<HostProtocol.Message> events;
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Integer, Link> links = new HashMap<>();
    private final java.util.function.ToIntFunction<String> mtuOf;
    private final Connector connector;

    /** BlueZ's Connect of the device at this object path, given up at the deadline. */
    interface Connector {
        void connect(String devicePath, Duration within) throws BleException;
    }
    private int nextLink = 1;
    private boolean scanning;

    private record Seen(String signature, long sentAt) {
    }

    /** One connection: the device and every characteristic, held until it is closed. */
    private static final class Link {
        final BluetoothDevice device;
        final String address;
        final Map<UUID, Map<UUID, BluetoothGattCharacteristic>> characteristics = new LinkedHashMap<>();
        final List<BluetoothGattCharacteristic> subscribed = new ArrayList<>();
        volatile boolean lost;

        Link(BluetoothDevice device, String address) {
            this.device = device;
            this.address = address;
        }
    }

    private TinyRadio(BluetoothManager manager, BluetoothAdapter adapter, String adapterPath,
            Consumer<HostProtocol.Message> events, java.util.function.ToIntFunction<String> mtuOf,
            Connector connector) {
        this.manager = manager;
        this.adapter = adapter;
        this.adapterPath = adapterPath;
        this.events = events;
        this.mtuOf = mtuOf;
        this.connector = connector;
    }

    /**
     * TinyB up on the adapter at this object path, its radio switched on. Called once per process, and only once BlueZ
     * and the adapter are known to exist: a failed start leaves GLib threads behind that no retry recovers.
     */
    static TinyRadio open(String adapterPath, Consumer<HostProtocol.Message> events,
            java.util.function.ToIntFunction<String> mtuOf, Connector connector) throws BleException {
        BluetoothManager manager;
        try {
            manager = BluetoothManager.getBluetoothManager();
        } catch (RuntimeException e) {
            throw new BleException(Kind.ADAPTER_UNAVAILABLE, "TinyB could not start: " + e.getMessage(), e);
        }
        for (BluetoothAdapter a : manager.getAdapters()) {
            if (adapterPath.equals(path(a))) {
                if (!a.getPowered()) {
                    a.setPowered(true);
                }
                return new TinyRadio(manager, a, adapterPath, events, mtuOf, connector);
            }
            a.close();
        }
        throw new BleException(Kind.ADAPTER_UNAVAILABLE, "TinyB does not see " + adapterPath);
    }

    void scan(boolean on) throws BleException {
        try {
            if (on && !scanning) {
                adapter.startDiscovery();
                scanning = true;
            } else if (!on && scanning) {
                scanning = false;
                // the adapter's own call: BluetoothManager.stopDiscovery() starts a scan in this TinyB
                adapter.stopDiscovery();
            }
        } catch (BluetoothException e) {
            throw new BleException(Kind.ADAPTER_UNAVAILABLE, "scan " + (on ? "on" : "off") + ": " + e.getMessage(), e);
        }
    }

    boolean scanning() {
        return scanning;
    }

    /**
     * One look at what the adapter hears: an ADV event per device heard in this discovery that is new, changed, or not
     * sent for a second.
     */
    void poll() {
        long now = System.nanoTime();
        for (BluetoothDevice d : manager.getDevices()) {
            try {
                String p = path(d);
                if (p == null || !p.startsWith(adapterPath + "/")) {
                    continue;
                }
                String address = d.getAddress();
                short rssi = d.getRSSI();
                if (rssi == 0) {
                    // no RSSI: BlueZ has not heard it in this discovery (it forgets every signal when a discovery
                    // ends) and keeps it only in its cache, maybe at an address its band has since left (a reset)
                    continue;
                }
                String name = d.getName();
                Map<Short, byte[]> data = d.getManufacturerData();
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("addr", address.toUpperCase(Locale.ROOT));
                fields.put("rssi", Short.toString(rssi));
                if (name != null && !name.isEmpty()) {
                    fields.put("name", HostProtocol.hexText(name));
                }
                if (data != null && !data.isEmpty()) {
                    List<String> parts = new ArrayList<>();
                    data.forEach((company, bytes) -> parts.add(String.format("%04x", company & 0xFFFF) + ":"
                            + HostProtocol.hex(bytes)));
                    parts.sort(null);
                    fields.put("mfg", String.join(",", parts));
                }
                String signature = fields.toString();
                Seen before = seen.get(address);
                if (before == null || !before.signature().equals(signature)
                        || now - before.sentAt() > READVERTISE_NANOS) {
                    seen.put(address, new Seen(signature, now));
                    if (seen.size() > MAX_SEEN) {
                        Iterator<String> oldest = seen.keySet().iterator();
                        oldest.next();
                        oldest.remove();
                    }
                    emit("ADV", fields);
                }
            } catch (RuntimeException e) {
                // one device that cannot be read is skipped; the rest of the scan goes on
            } finally {
                d.close(); // frees TinyB's object now; it is never touched again
            }
        }
    }

    /** Connects, waits until BlueZ has resolved the services, and reads the link's MTU from BlueZ. */
    HostProtocol.Message connect(String address, Duration timeout) throws BleException {
        BluetoothDevice device = null;
        for (BluetoothDevice d : manager.getDevices()) {
            String p = path(d);
            if (device == null && p != null && p.startsWith(adapterPath + "/")
                    && d.getAddress().equalsIgnoreCase(address)) {
                device = d;
            } else {
                d.close();
            }
        }
        if (device == null) {
            throw new BleException(Kind.NOT_FOUND, "no device at " + address + " heard by this adapter");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            connector.connect(path(device), timeout);
        } catch (BleException e) {
            device.close();
            throw e;
        }
        // TinyB reads properties from GLib's cache, which learns of Connected a moment after Connect returns: a link
        // is taken for lost only once it was seen up and then down
        boolean seenUp = false;
        while (!device.getServicesResolved()) {
            boolean up = device.getConnected();
            seenUp |= up;
            if (System.nanoTime() > deadline || (seenUp && !up)) {
                disconnectQuietly(device);
                device.close();
                throw new BleException(up || !seenUp ? Kind.TIMEOUT : Kind.LINK_LOST, "services not resolved");
            }
            pause(20);
        }
        Link link = new Link(device, address.toUpperCase(Locale.ROOT));
        discover(link);
        int id = nextLink++;
        links.put(id, link);
        device.enableConnectedNotifications(connected -> {
            // GLib's thread: hand on, never call TinyB from here
            if (!connected && !link.lost) {
                link.lost = true;
                emit("LINK_LOST", Map.of("conn", Integer.toString(id)));
            }
        });
        int mtu = mtuOf.applyAsInt(path(device));
        return new HostProtocol.Message("0", HostProtocol.OK, Map.of("conn", Integer.toString(id),
                "mtu", Integer.toString(mtu)));
    }

    /** The GATT table as {@code svc:chr/flags+chr/flags;svc:...}, flags r w W n i. */
    String services(int conn) throws BleException {
        Link link = link(conn);
        List<String> services = new ArrayList<>();
        link.characteristics.forEach((service, chars) -> {
            List<String> cs = new ArrayList<>();
            chars.forEach((uuid, c) -> {
                StringBuilder flags = new StringBuilder();
                for (String f : c.getFlags()) {
                    switch (f) {
                        case "read" -> flags.append('r');
                        case "write" -> flags.append('w');
                        case "write-without-response" -> flags.append('W');
                        case "notify" -> flags.append('n');
                        case "indicate" -> flags.append('i');
                        default -> {
                        }
                    }
                }
                cs.add(uuid + "/" + flags);
            });
            services.add(service + ":" + String.join("+", cs));
        });
        return String.join(";", services);
    }

    byte[] read(int conn, UUID service, UUID characteristic) throws BleException {
        Link link = link(conn);
        try {
            return characteristic(link, service, characteristic).readValue();
        } catch (BluetoothException e) {
            throw gattFailure(link, "read", e);
        }
    }

    void write(int conn, UUID service, UUID characteristic, byte[] value) throws BleException {
        Link link = link(conn);
        try {
            characteristic(link, service, characteristic).writeValue(value);
        } catch (BluetoothException e) {
            throw gattFailure(link, "write", e);
        }
    }

    void subscribe(int conn, UUID service, UUID characteristic) throws BleException {
        Link link = link(conn);
        BluetoothGattCharacteristic c = characteristic(link, service, characteristic);
        String chr = characteristic.toString();
        try {
            c.enableValueNotifications(value -> emit("NOTIFY", Map.of("conn", Integer.toString(conn), "chr", chr,
                    "value", HostProtocol.hex(value))));
            link.subscribed.add(c);
        } catch (BluetoothException e) {
            throw gattFailure(link, "subscribe", e);
        }
    }

    int rssi(int conn) throws BleException {
        return link(conn).device.getRSSI();
    }

    int links() {
        return links.size();
    }

    void disconnect(int conn) {
        Link link = links.remove(conn);
        if (link != null) {
            link.lost = true; // asked for: not a loss
            // Callbacks run on GLib's thread. Turning notifications off while a Value change is delivered there, or
            // before the last one queued for it, frees the callback under it (SIGSEGV in libjavatinyb, seen here in
            // BluetoothNotificationHandler). So the link goes first; GLib's thread applies "disconnected" after every
            // Value change sent before it, and none comes on a link that is down. Only then are the callbacks
            // removed, and only then is TinyB's object freed.
            disconnectQuietly(link.device);
            awaitDisconnected(link.device);
            try {
                link.device.disableConnectedNotifications();
                link.subscribed.forEach(BluetoothGattCharacteristic::disableValueNotifications);
            } catch (RuntimeException e) {
                // the link is going anyway
            }
            link.device.close();
        }
    }

    /** Every link dropped: the console is gone or the host is stopping. */
    void disconnectAll() {
        new ArrayList<>(links.keySet()).forEach(this::disconnect);
        if (scanning) {
            try {
                scan(false);
            } catch (BleException e) {
                // stopping anyway
            }
        }
    }

    private Link link(int conn) throws BleException {
        Link link = links.get(conn);
        if (link == null) {
            throw new BleException(Kind.NOT_CONNECTED, "no connection " + conn);
        }
        if (link.lost) {
            throw new BleException(Kind.LINK_LOST, "the link to " + link.address + " dropped");
        }
        return link;
    }

    /** The link's services and characteristics as TinyB sees them now. */
    private static void discover(Link link) {
        for (BluetoothGattService s : link.device.getServices()) {
            Map<UUID, BluetoothGattCharacteristic> byUuid = new LinkedHashMap<>();
            for (BluetoothGattCharacteristic c : s.getCharacteristics()) {
                byUuid.put(UUID.fromString(c.getUUID()), c);
            }
            link.characteristics.put(UUID.fromString(s.getUUID()), byUuid);
        }
    }

    private static BluetoothGattCharacteristic characteristic(Link link, UUID service, UUID characteristic)
            throws BleException {
        // BlueZ can say the services are resolved before TinyB's view holds every characteristic (seen in CI on a
        // connection made right after another to the same band): one missing is looked for again for a moment
        // before it counts as absent
        for (int attempt = 0; ; attempt++) {
            Map<UUID, BluetoothGattCharacteristic> chars = link.characteristics.get(service);
            BluetoothGattCharacteristic c = chars == null ? null : chars.get(characteristic);
            if (c != null) {
                return c;
            }
            if (attempt == MISSING_LOOKS || link.lost) {
                throw new BleException(Kind.GATT_ERROR, "no characteristic " + characteristic + " in " + service);
            }
            pause(50);
            discover(link);
        }
    }

    /** How often a characteristic not in the link's view is looked for again (50 ms apart) before it is absent. */
    private static final int MISSING_LOOKS = 10;

    private BleException gattFailure(Link link, String what, BluetoothException e) {
        boolean gone = link.lost || !link.device.getConnected();
        return new BleException(gone ? Kind.LINK_LOST : kind(e, Kind.GATT_ERROR), what + ": " + e.getMessage(), e);
    }

    /** BlueZ's error name, as TinyB passes it on ({@code GDBus.Error:org.bluez.Error.NotConnected: ...}). */
    private static Kind kind(BluetoothException e, Kind otherwise) {
        return kind(String.valueOf(e.getMessage()), otherwise);
    }

    /** The kind of failure a message naming BlueZ's error says. */
    static Kind kind(String m, Kind otherwise) {
        if (m.contains("org.bluez.Error.NotConnected")) {
            return Kind.LINK_LOST;
        }
        if (m.contains("org.bluez.Error.NotReady") || m.contains("org.freedesktop.dbus.exceptions.NotConnected")) {
            return Kind.ADAPTER_UNAVAILABLE; // the adapter not ready, or the bus to BlueZ gone
        }
        if (m.contains("Timeout") || m.contains("TimedOut") || m.contains("NoReply")) {
            return Kind.TIMEOUT;
        }
        return otherwise;
    }

    /** How long a disconnect may take to be told before the callbacks go anyway (BlueZ's own takes well under). */
    private static final long DISCONNECT_WAIT_MS = 2000;

    private static void awaitDisconnected(BluetoothDevice device) {
        long deadline = System.nanoTime() + DISCONNECT_WAIT_MS * 1_000_000;
        try {
            while (device.getConnected() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (RuntimeException e) {
            // the device went from BlueZ: nothing more comes from it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void disconnectQuietly(BluetoothDevice device) {
        try {
            device.disconnect();
        } catch (RuntimeException e) {
            // already gone
        }
    }

    private void emit(String event, Map<String, String> fields) {
        events.accept(new HostProtocol.Message(HostProtocol.EVENT, event, fields));
    }

    private static final Method OBJECT_PATH;

    static {
        Method m;
        try {
            m = BluetoothObject.class.getDeclaredMethod("getObjectPath");
            m.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            m = null;
        }
        OBJECT_PATH = m;
    }

    /** TinyB keeps an object's D-Bus path to itself; the host needs it to tell one adapter's devices from another's. */
    static String path(BluetoothObject o) {
        try {
            return OBJECT_PATH == null ? null : (String) OBJECT_PATH.invoke(o);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
