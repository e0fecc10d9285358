package com.payband.drivers.band.ble.bluez.sim;

import com.payband.band.BandSerial;
import com.payband.band.protocol.BandUuids;
import com.payband.drivers.band.ble.GattUuids;
import com.payband.drivers.band.ble.bluez.Device1;
import com.payband.drivers.band.sim.SimulatedBand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * SIMULATOR: plays BlueZ (bluetoothd) on a D-Bus bus, for the tests, training and demonstrations on machines with
 * no Bluetooth controller: {@code org.bluez} with an object manager at {@code /}, adapters at
 * {@code /org/bluez/hciN}, the bands in range as {@code Device1} objects while the adapter scans, and on a
 * connection the band's GATT services and characteristics, with a real {@link SimulatedBand} behind them.
 * Objects are announced with {@code InterfacesAdded}/{@code InterfacesRemoved} and changes with
 * {@code PropertiesChanged}, in BlueZ's exact D-Bus types: TinyB reads nothing else (src/docs/ble.md).
 */
public final class BluezStandIn implements AutoCloseable {

    static final String ADAPTER_INTERFACE = "org.bluez.Adapter1";
    static final String DEVICE_INTERFACE = "org.bluez.Device1";
    static final String SERVICE_INTERFACE = "org.bluez.GattService1";
    static final String CHARACTERISTIC_INTERFACE = "org.bluez.GattCharacteristic1";
    /** How often a device in range is heard again while the adapter scans. */
    private static final long ADVERTISING_MS = 1000;
    private static final int TICKS = 10;

    private final DBusConnection bus;
    private final Map<String, BluezObject> objects = new ConcurrentHashMap<>();
    private final Map<String, Adapter> adapters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService radio = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bluez-stand-in-radio");
        t.setDaemon(true);
        return t;
    });
    private final Random jitter = new Random();
    private volatile int mtu = 247;
    private volatile long leConnectTimeoutMs = 20_000;
    private final java.util.concurrent.atomic.AtomicInteger silentAttempts = new java.util.concurrent.atomic.AtomicInteger();
    /** BlueZ 5.62 and later publish the link's MTU on each characteristic; older ones do not. */
    private volatile boolean publishesMtu = true;
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong indications = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile java.util.function.BiConsumer<BandSerial, SimulatedBand.Reply> replyWatcher = (serial, reply) -> {
    };
    private volatile java.util.function.Consumer<byte[]> writeWatcher = value -> {
    };

    private BluezStandIn(DBusConnection bus) {
        this.bus = bus;
    }

    /** Takes the name {@code org.bluez} on the bus at this address (a private bus: never the machine's own). */
    public static BluezStandIn start(String busAddress) throws DBusException {
        DBusConnection bus = DBusConnectionBuilder.forAddress(busAddress).withShared(false).build();
        BluezStandIn standIn = new BluezStandIn(bus);
        bus.exportObject("/", standIn.new Root());
        // as BlueZ: a client's notifications end when it leaves the bus (a Bluetooth driver killed, say)
        bus.addSigHandler(org.freedesktop.dbus.interfaces.DBus.NameOwnerChanged.class, signal -> {
            if (signal.newOwner.isEmpty()) {
                standIn.clientLeft(signal.name);
            }
        });
        bus.requestBusName("org.bluez");
        return standIn;
    }

    /** A dongle plugged in: an adapter with this name ({@code hci0}), address and alias, its radio on or off. */
    public void plug(String name, String address, String alias, boolean powered) throws DBusException {
        Adapter adapter = new Adapter(name, address, alias, powered);
        if (adapters.putIfAbsent(name, adapter) != null) {
            throw new IllegalStateException(name + " is plugged in already");
        }
        export(adapter);
    }

    /** The dongle pulled out: its links drop and its devices and the adapter go, as BlueZ removes them. */
    public void unplug(String name) {
        Adapter adapter = adapters.remove(name);
        if (adapter == null) {
            return;
        }
        adapter.stopAdvertising();
        for (Device d : adapter.devices.values()) {
            d.drop();
            d.link.shutdown(); // its thread ends once the drop is delivered
            unexport(d);
        }
        unexport(adapter);
    }

    /** Connection attempts to a silent address still under way (not yet timed out or cancelled). */
    public int silentAttempts() {
        return silentAttempts.get();
    }

    /** How long a connection attempt to a silent address lasts before it fails (the kernel's LE timeout, 20 s). */
    public void leConnectTimeout(java.time.Duration timeout) {
        leConnectTimeoutMs = timeout.toMillis();
    }

    /** The ATT MTU the stand-in's links agree on (BlueZ negotiates it by itself; 247 for an nRF52 band). */
    public void mtu(int value) {
        mtu = value;
    }

    /** Plays a BlueZ older than 5.62, whose characteristics carry no MTU property (from the next connection on). */
    public void publishesMtu(boolean published) {
        publishesMtu = published;
    }

    /** A band comes into range of this adapter; it is found when the adapter scans. */
    public void inRange(String adapterName, SimulatedBand band, int rssi) {
        adapter(adapterName).bands.put(band.serial(), new InRange(band, rssi));
    }

    /** The band leaves range (or its battery dies): its link drops and a connection to it fails. */
    public void outOfRange(BandSerial serial) {
        for (Adapter a : adapters.values()) {
            if (a.bands.remove(serial) != null) {
                a.devices.values().stream().filter(d -> d.band != null && d.band.serial().equals(serial))
                        .forEach(Device::drop);
            }
        }
    }

    /** Drops every link to this band now, as a band at the edge of range would. */
    public void dropLink(BandSerial serial) {
        adapters.values().forEach(a -> a.devices.values().stream()
                .filter(d -> d.band != null && d.band.serial().equals(serial)).forEach(Device::drop));
    }

    /**
     * Something else that advertises (another vendor's device, a damaged or foreign payload, an absurd signal):
     * found while scanning, never connectable.
     */
    public void advertiser(String adapterName, String address, Optional<String> name, int companyId, byte[] data,
            int rssi) {
        adapter(adapterName).others.put(address.toUpperCase(Locale.ROOT), new Other(address, name, companyId,
                data.clone(), rssi));
    }

    /**
     * Sees each answer a band gives to a Control Point write, before it goes out: the tests kill the Bluetooth
     * driver at the moment a band has taken a bind and is about to drop the link.
     */
    public void onReply(java.util.function.BiConsumer<BandSerial, SimulatedBand.Reply> watcher) {
        replyWatcher = watcher;
    }

    /** Sees each Control Point write as it arrives, as a Bluetooth sniffer would (the bind benchmark counts messages). */
    public void onWrite(java.util.function.Consumer<byte[]> watcher) {
        writeWatcher = watcher;
    }

    /** GATT writes, indications and bytes (reads, writes and indications) carried so far, as the simulated radio counts. */
    public com.payband.drivers.band.sim.SimulatedRadio.Traffic traffic() {
        return new com.payband.drivers.band.sim.SimulatedRadio.Traffic(writes.get(), indications.get(), bytes.get());
    }

    /** Whether a client holds a link to this band now (a host killed mid-operation leaves it held, as BlueZ does). */
    public boolean connected(BandSerial serial) {
        return adapters.values().stream().flatMap(a -> a.devices.values().stream())
                .anyMatch(d -> d.band != null && d.band.serial().equals(serial) && d.connected);
    }

    /** Gives up {@code org.bluez} and leaves the bus: to clients, bluetoothd stopped. */
    @Override
    public void close() {
        radio.shutdownNow();
        adapters.values().forEach(a -> a.devices.values().forEach(d -> d.link.shutdownNow()));
        try {
            bus.releaseBusName("org.bluez");
        } catch (DBusException | RuntimeException e) {
            // leaving the bus releases it anyway
        }
        try {
            bus.close();
        } catch (java.io.IOException e) {
            // the bus is going or gone: nothing of the stand-in is left on it either way
        }
    }

    private void clientLeft(String client) {
        objects.values().stream().filter(o -> o instanceof Characteristic).map(o -> (Characteristic) o)
                .filter(c -> client.equals(c.notifyClient)).forEach(Characteristic::StopNotify);
    }

    private Adapter adapter(String name) {
        Adapter a = adapters.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no adapter " + name);
        }
        return a;
    }

    private void export(BluezObject o) {
        try {
            bus.exportObject(o.path, (DBusInterface) o);
            objects.put(o.path, o);
            // after the export, as BlueZ: TinyB's object manager client learns new objects only from this signal
            bus.sendMessage(new ObjectManager.InterfacesAdded("/", new DBusPath(o.path), o.interfaces()));
        } catch (DBusException e) {
            throw new IllegalStateException("the stand-in could not announce " + o.path, e);
        }
    }

    private void unexport(BluezObject o) {
        if (objects.remove(o.path) == null) {
            return;
        }
        bus.unExportObject(o.path);
        try {
            bus.sendMessage(new ObjectManager.InterfacesRemoved("/", new DBusPath(o.path),
                    new ArrayList<>(o.interfaces().keySet())));
        } catch (DBusException e) {
            // the bus is going: its clients lose the object either way
        }
    }

    private static Variant<?> manufacturerData(int companyId, byte[] data) {
        Map<UInt16, Variant<?>> m = new LinkedHashMap<>();
        m.put(new UInt16(companyId), new Variant<>(data));
        return new Variant<>(m, "a{qv}");
    }

    private static String devicePath(String adapterPath, String address) {
        return adapterPath + "/dev_" + address.toUpperCase(Locale.ROOT).replace(':', '_');
    }

    private record InRange(SimulatedBand band, int rssi) {
    }

    private record Other(String address, Optional<String> name, int companyId, byte[] data, int rssi) {
    }

    /** BlueZ's object manager at {@code /}: every object with its interfaces and properties. */
    private final class Root implements ObjectManager {
        @Override
        public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
            Map<DBusPath, Map<String, Map<String, Variant<?>>>> all = new LinkedHashMap<>();
            objects.values().forEach(o -> all.put(new DBusPath(o.path), o.interfaces()));
            return all;
        }

        @Override
        public String getObjectPath() {
            return "/";
        }

        @Override
        public boolean isRemote() {
            return false;
        }
    }

    /** Any object of the stand-in: one BlueZ interface's properties, Get/GetAll/Set, PropertiesChanged. */
    private abstract class BluezObject implements Properties {
        final String path;
        final String iface;
        private final Map<String, Variant<?>> properties = new LinkedHashMap<>();

        BluezObject(String path, String iface) {
            this.path = path;
            this.iface = iface;
        }

        synchronized void put(String name, Variant<?> value) {
            properties.put(name, value);
        }

        synchronized Object value(String name) {
            Variant<?> v = properties.get(name);
            return v == null ? null : v.getValue();
        }

        synchronized Map<String, Map<String, Variant<?>>> interfaces() {
            Map<String, Map<String, Variant<?>>> all = new LinkedHashMap<>();
            all.put(iface, new LinkedHashMap<>(properties));
            all.put("org.freedesktop.DBus.Properties", Map.of());
            all.put("org.freedesktop.DBus.Introspectable", Map.of());
            return all;
        }

        @Override
        public String getObjectPath() {
            return path;
        }

        @Override
        public boolean isRemote() {
            return false;
        }

        @SuppressWarnings("unchecked")
        @Override
        public synchronized <A> A Get(String interfaceName, String name) {
            Variant<?> value = iface.equals(interfaceName) ? properties.get(name) : null;
            if (value == null) {
                throw new org.bluez.Error.InvalidArguments("No such property '" + name + "'");
            }
            return (A) value;
        }

        @Override
        public synchronized Map<String, Variant<?>> GetAll(String interfaceName) {
            return iface.equals(interfaceName) ? new LinkedHashMap<>(properties) : Map.of();
        }

        @Override
        public <A> void Set(String interfaceName, String name, A value) {
            throw new org.bluez.Error.NotPermitted("Property '" + name + "' is read-only");
        }

        /** A property no longer known (BlueZ drops a device's RSSI when discovery ends): removed and announced. */
        void invalidate(String name) {
            synchronized (this) {
                if (properties.remove(name) == null) {
                    return;
                }
            }
            try {
                bus.sendMessage(new Properties.PropertiesChanged(path, iface, Map.of(), List.of(name)));
            } catch (DBusException e) {
                // the bus is going: nobody is left to tell
            }
        }

        /** A property changed: stored and announced, as BlueZ announces every change. */
        void change(String name, Variant<?> value) {
            put(name, value);
            try {
                bus.sendMessage(new Properties.PropertiesChanged(path, iface, Map.of(name, value), List.of()));
            } catch (DBusException e) {
                // the bus is going: nobody is left to tell
            }
        }
    }

    /** One adapter: radio switched by Powered, scanning by Start/StopDiscovery, devices found while it scans. */
    private final class Adapter extends BluezObject implements Adapter1 {
        final Map<BandSerial, InRange> bands = new ConcurrentHashMap<>();
        final Map<String, Other> others = new ConcurrentHashMap<>();
        final Map<String, Device> devices = new ConcurrentHashMap<>();
        /** The devices heard in the discovery under way (BlueZ's discovery_found). */
        private final Set<String> found = ConcurrentHashMap.newKeySet();
        private ScheduledFuture<?> advertising;
        private int tick;

        Adapter(String name, String address, String alias, boolean powered) {
            super("/org/bluez/" + name, ADAPTER_INTERFACE);
            put("Address", new Variant<>(address));
            put("AddressType", new Variant<>("public"));
            put("Name", new Variant<>(alias));
            put("Alias", new Variant<>(alias));
            put("Class", new Variant<>(new UInt32(0)));
            put("Powered", new Variant<>(powered));
            put("Discoverable", new Variant<>(false));
            put("DiscoverableTimeout", new Variant<>(new UInt32(180)));
            put("Pairable", new Variant<>(false));
            put("PairableTimeout", new Variant<>(new UInt32(0)));
            put("Discovering", new Variant<>(false));
            put("UUIDs", new Variant<>(List.of(), "as"));
            // an nRF52840 dongle running Zephyr's hci_usb sample enumerates with Zephyr's USB ids (2fe3:000b); 1915:521f
            // would be Nordic's DFU bootloader, which BlueZ never sees as an adapter
            put("Modalias", new Variant<>("usb:v2FE3p000Bd0100"));
        }

        boolean powered() {
            return Boolean.TRUE.equals(value("Powered"));
        }

        @Override
        public <A> void Set(String interfaceName, String name, A value) {
            Object v = value instanceof Variant<?> w ? w.getValue() : value;
            if (!ADAPTER_INTERFACE.equals(interfaceName)) {
                throw new org.bluez.Error.InvalidArguments("No such interface '" + interfaceName + "'");
            }
            switch (name) {
                case "Powered", "Discoverable", "Pairable" -> {
                    if (!(v instanceof Boolean b)) {
                        throw new org.bluez.Error.InvalidArguments(name + " is a boolean");
                    }
                    change(name, new Variant<>(b));
                    if (!b && "Powered".equals(name)) {
                        stopAdvertising(); // a radio switched off stops its scan and its links
                        devices.values().forEach(Device::drop);
                    }
                }
                case "Alias" -> {
                    if (!(v instanceof String s)) {
                        throw new org.bluez.Error.InvalidArguments("Alias is a string");
                    }
                    change(name, new Variant<>(s));
                }
                default -> super.Set(interfaceName, name, value);
            }
        }

        @Override
        public void StartDiscovery() {
            if (!powered()) {
                throw new org.bluez.Error.NotReady("Resource Not Ready");
            }
            synchronized (this) {
                if (advertising == null) {
                    advertising = radio.scheduleAtFixedRate(this::advertise, 0, ADVERTISING_MS / TICKS,
                            TimeUnit.MILLISECONDS);
                }
            }
            change("Discovering", new Variant<>(true));
        }

        @Override
        public void StopDiscovery() {
            if (!Boolean.TRUE.equals(value("Discovering"))) {
                throw new org.bluez.Error.Failed("No discovery started");
            }
            stopAdvertising();
        }

        void stopAdvertising() {
            synchronized (this) {
                if (advertising != null) {
                    advertising.cancel(false);
                    advertising = null;
                }
            }
            if (Boolean.TRUE.equals(value("Discovering"))) {
                change("Discovering", new Variant<>(false));
                // BlueZ's discovery_cleanup: the devices heard in this discovery lose their RSSI (connected or not),
                // so one kept in the object tree (a band that has since drawn a new address) shows no signal until
                // it is heard in another discovery
                found.forEach(p -> {
                    Device d = devices.get(p);
                    if (d != null) {
                        d.invalidate("RSSI");
                    }
                });
                found.clear();
            }
        }

        /** One tick of the radio: a tenth of the devices in range is heard again (each about once a second). */
        private void advertise() {
            try {
                int t = tick++ % TICKS;
                int i = 0;
                for (InRange b : bands.values()) {
                    if (i++ % TICKS == t) {
                        heard(b);
                    }
                }
                for (Other o : others.values()) {
                    if (i++ % TICKS == t) {
                        heard(o);
                    }
                }
            } catch (RuntimeException e) {
                // a device that cannot be announced must not stop the radio
            }
        }

        private void heard(InRange b) {
            String address = b.band().address();
            String p = devicePath(path, address);
            Device known = devices.get(p);
            if (known == null) {
                Device d = new Device(this, p, address, b.band(), Optional.of(BandUuids.LOCAL_NAME),
                        BandUuids.COMPANY_ID, b.band().manufacturerData(), b.rssi());
                if (devices.putIfAbsent(p, d) == null) {
                    export(d);
                }
                found.add(p);
            } else if (!known.connected) {
                known.change("RSSI", new Variant<>((short) (b.rssi() + jitter.nextInt(7) - 3)));
                known.change("ManufacturerData", manufacturerData(BandUuids.COMPANY_ID, b.band().manufacturerData()));
                found.add(p);
            }
        }

        private void heard(Other o) {
            String p = devicePath(path, o.address());
            Device known = devices.get(p);
            if (known == null) {
                Device d = new Device(this, p, o.address(), null, o.name(), o.companyId(), o.data(), o.rssi());
                if (devices.putIfAbsent(p, d) == null) {
                    export(d);
                }
            } else {
                known.change("RSSI", new Variant<>((short) o.rssi()));
            }
            found.add(p);
        }

        @Override
        public void RemoveDevice(DBusPath device) {
            Device d = devices.remove(device.getPath());
            if (d == null) {
                throw new org.bluez.Error.DoesNotExist("Does Not Exist");
            }
            d.drop();
            d.link.shutdown(); // its thread ends once the drop is delivered
            unexport(d);
        }

        @Override
        public void SetDiscoveryFilter(Map<String, Variant<?>> filter) {
            // accepted: the stand-in's scans report every device
        }
    }

    /** A device found by a scan; with a band behind it, it can be connected and carries the band's GATT table. */
    private final class Device extends BluezObject implements Device1 {
        final Adapter adapter;
        final SimulatedBand band;
        /** The link's own thread: what the band sends arrives in order and after the write that caused it. */
        private final ExecutorService link = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bluez-stand-in-link");
            t.setDaemon(true);
            return t;
        });
        private final List<BluezObject> gatt = new CopyOnWriteArrayList<>();
        volatile boolean connected;
        private boolean cancelled;

        Device(Adapter adapter, String path, String address, SimulatedBand band, Optional<String> name, int companyId,
                byte[] data, int rssi) {
            super(path, DEVICE_INTERFACE);
            this.adapter = adapter;
            this.band = band;
            put("Address", new Variant<>(address.toUpperCase(Locale.ROOT)));
            put("AddressType", new Variant<>("random"));
            name.ifPresent(n -> put("Name", new Variant<>(n)));
            put("Alias", new Variant<>(name.orElse(address.toUpperCase(Locale.ROOT).replace(':', '-'))));
            put("Paired", new Variant<>(false));
            put("Trusted", new Variant<>(false));
            put("Blocked", new Variant<>(false));
            put("LegacyPairing", new Variant<>(false));
            put("RSSI", new Variant<>((short) rssi));
            put("Connected", new Variant<>(false));
            put("UUIDs", new Variant<>(band == null ? List.of() : List.of(BandUuids.SERVICE.toString()), "as"));
            put("Adapter", new Variant<>(new DBusPath(adapter.path)));
            put("ManufacturerData", manufacturerData(companyId, data));
            put("ServicesResolved", new Variant<>(false));
        }

        @Override
        public void Connect() {
            if (band != null && adapter.powered() && !band.address().equalsIgnoreCase((String) value("Address"))) {
                // a band that drew a new address (a reset) no longer answers at its old one: as BlueZ, the stand-in
                // keeps trying until the LE connection timeout, or until Disconnect cancels the attempt
                awaitSilence();
                throw new org.bluez.Error.Failed("le-connection-abort-by-local");
            }
            if (band == null || !adapter.bands.containsKey(band.serial()) || !adapter.powered()) {
                // what BlueZ answers when the device does not answer the connection request
                throw new org.bluez.Error.Failed("le-connection-abort-by-local");
            }
            synchronized (this) {
                if (connected) {
                    return;
                }
                connected = true;
            }
            band.connected(mtu);
            change("Connected", new Variant<>(true));
            // BlueZ resolves services after Connect returns: clients wait for ServicesResolved
            link.execute(() -> {
                pause(50);
                if (connected) {
                    addGattTable();
                    change("ServicesResolved", new Variant<>(true));
                }
            });
        }

        @Override
        public void Disconnect() {
            synchronized (this) {
                cancelled = true; // a connection attempt under way ends
                notifyAll();
            }
            drop();
        }

        /** A connection attempt nobody answers: until the LE connection timeout, or a Disconnect. */
        private synchronized void awaitSilence() {
            cancelled = false;
            silentAttempts.incrementAndGet();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leConnectTimeoutMs);
            try {
                for (long left; !cancelled && (left = deadline - System.nanoTime()) > 0;) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                silentAttempts.decrementAndGet();
            }
        }

        /** The link is gone (asked, dropped by the band, out of range): the GATT objects go, Device1 stays. */
        void drop() {
            synchronized (this) {
                if (!connected) {
                    return;
                }
                connected = false;
            }
            if (band != null) {
                band.disconnected();
            }
            change("ServicesResolved", new Variant<>(false));
            change("Connected", new Variant<>(false));
            List<BluezObject> gone = new ArrayList<>(gatt);
            gatt.clear();
            Collections.reverse(gone);
            gone.forEach(BluezStandIn.this::unexport);
        }

        private void addGattTable() {
            int handle = 0;
            handle = service(handle, GattUuids.DEVICE_INFORMATION, List.of(
                    new Chr(GattUuids.MANUFACTURER_NAME, List.of("read")),
                    new Chr(GattUuids.MODEL_NUMBER, List.of("read")),
                    new Chr(GattUuids.SERIAL_NUMBER, List.of("read")),
                    new Chr(GattUuids.HARDWARE_REVISION, List.of("read")),
                    new Chr(GattUuids.FIRMWARE_REVISION, List.of("read"))));
            handle = service(handle, GattUuids.BATTERY, List.of(
                    new Chr(GattUuids.BATTERY_LEVEL, List.of("read", "notify"))));
            service(handle, BandUuids.SERVICE, List.of(
                    new Chr(BandUuids.CONTROL_POINT, List.of("write", "indicate")),
                    new Chr(BandUuids.STATUS, List.of("read", "notify"))));
        }

        private record Chr(UUID uuid, List<String> flags) {
        }

        /** Exports a service and its characteristics at BlueZ's paths ({@code serviceXXXX/charYYYY}, by handle). */
        private int service(int handle, UUID uuid, List<Chr> characteristics) {
            int h = handle + 1;
            String servicePath = String.format("%s/service%04x", path, h);
            List<DBusPath> paths = new ArrayList<>();
            List<Characteristic> made = new ArrayList<>();
            for (Chr c : characteristics) {
                h++;
                String p = String.format("%s/char%04x", servicePath, h);
                h++; // the value's handle
                paths.add(new DBusPath(p));
                made.add(new Characteristic(this, p, c.uuid(), servicePath, c.flags()));
            }
            GattService s = new GattService(servicePath, uuid, path, paths);
            export(s);
            gatt.add(s);
            for (Characteristic c : made) {
                export(c);
                gatt.add(c);
            }
            return h;
        }

        @Override
        public void ConnectProfile(String uuid) {
            throw new org.bluez.Error.NotReady("Resource Not Ready");
        }

        @Override
        public void DisconnectProfile(String uuid) {
            throw new org.bluez.Error.NotReady("Resource Not Ready");
        }

        @Override
        public void Pair() {
            throw new org.bluez.Error.Failed("bands do not pair: they attest and bind");
        }

        @Override
        public void CancelPairing() {
            throw new org.bluez.Error.DoesNotExist("Does Not Exist");
        }
    }

    private final class GattService extends BluezObject implements GattService1 {
        GattService(String path, UUID uuid, String device, List<DBusPath> characteristics) {
            super(path, SERVICE_INTERFACE);
            put("UUID", new Variant<>(uuid.toString()));
            put("Device", new Variant<>(new DBusPath(device)));
            put("Primary", new Variant<>(true));
            put("Characteristics", new Variant<>(characteristics, "ao"));
        }
    }

    /** A characteristic: reads and writes reach the band; what it sends back comes as changes of Value. */
    private final class Characteristic extends BluezObject implements GattCharacteristic1 {
        private final Device device;
        private final UUID uuid;
        private volatile boolean notifying;
        /** The bus name of the client that asked for notifications: they end when it leaves the bus. */
        private volatile String notifyClient;

        Characteristic(Device device, String path, UUID uuid, String service, List<String> flags) {
            super(path, CHARACTERISTIC_INTERFACE);
            this.device = device;
            this.uuid = uuid;
            put("UUID", new Variant<>(uuid.toString()));
            put("Service", new Variant<>(new DBusPath(service)));
            put("Value", new Variant<>(new byte[0]));
            put("Notifying", new Variant<>(false));
            put("Flags", new Variant<>(flags, "as"));
            put("Descriptors", new Variant<>(List.of(), "ao"));
            if (publishesMtu) {
                put("MTU", new Variant<>(new UInt16(mtu))); // BlueZ 5.62 and later: the link's ATT MTU
            }
        }

        private void requireConnected() {
            if (!device.connected) {
                throw new org.bluez.Error.NotConnected("Not Connected");
            }
        }

        @Override
        public byte[] ReadValue(Map<String, Variant<?>> options) {
            requireConnected();
            byte[] v = device.band.read(uuid)
                    .orElseThrow(() -> new org.bluez.Error.NotPermitted("Read not permitted"));
            change("Value", new Variant<>(v));
            bytes.addAndGet(v.length);
            return v;
        }

        @Override
        public void WriteValue(byte[] value, Map<String, Variant<?>> options) {
            requireConnected();
            if (!uuid.equals(BandUuids.CONTROL_POINT)) {
                throw new org.bluez.Error.NotPermitted("Write not permitted");
            }
            if (value.length > mtu - 3) {
                throw new org.bluez.Error.InvalidArguments("Invalid Length");
            }
            writes.incrementAndGet();
            bytes.addAndGet(value.length);
            writeWatcher.accept(value.clone());
            SimulatedBand.Reply reply = device.band.write(value);
            replyWatcher.accept(device.band.serial(), reply);
            for (byte[] indication : reply.indications()) {
                device.link.execute(() -> {
                    if (device.connected && notifying) {
                        indications.incrementAndGet();
                        bytes.addAndGet(indication.length);
                        change("Value", new Variant<>(indication));
                    }
                });
            }
            if (reply.dropLink()) {
                device.link.execute(device::drop);
            }
        }

        @Override
        public void StartNotify() {
            requireConnected();
            var call = org.freedesktop.dbus.connections.AbstractConnection.getCallInfo();
            notifyClient = call == null ? null : call.getSource();
            notifying = true;
            change("Notifying", new Variant<>(true));
        }

        @Override
        public void StopNotify() {
            notifyClient = null;
            notifying = false;
            change("Notifying", new Variant<>(false));
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
