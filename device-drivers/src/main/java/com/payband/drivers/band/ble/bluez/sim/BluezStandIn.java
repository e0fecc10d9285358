package com.payband.drivers.band.ble.bluez.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * SIMULATOR: plays BlueZ (bluetoothd) on a D-Bus bus, for the tests, training and demonstrations on machines with
 * no Bluetooth controller: {@code org.bluez} with an object manager at {@code /} and adapters at
 * {@code /org/bluez/hciN} carrying BlueZ's {@code Adapter1} properties. Objects are announced with
 * {@code InterfacesAdded}/{@code InterfacesRemoved} as BlueZ does (TinyB sees nothing otherwise), and property
 * changes with {@code PropertiesChanged}. An adapter can be plugged and unplugged while clients watch.
 */
public final class BluezStandIn implements AutoCloseable {

    static final String ADAPTER_INTERFACE = "org.bluez.Adapter1";

    private final DBusConnection bus;
    private final Map<String, Adapter> adapters = new ConcurrentHashMap<>();

    private BluezStandIn(DBusConnection bus) {
        this.bus = bus;
    }

    /** Takes the name {@code org.bluez} on the bus at this address (a private bus: never the machine's own). */
    public static BluezStandIn start(String busAddress) throws DBusException {
        DBusConnection bus = DBusConnectionBuilder.forAddress(busAddress).withShared(false).build();
        BluezStandIn standIn = new BluezStandIn(bus);
        bus.exportObject("/", standIn.new Root());
        bus.requestBusName("org.bluez");
        return standIn;
    }

    /** A dongle plugged in: an adapter with this name ({@code hci0}), address and alias, its radio on or off. */
    public void plug(String name, String address, String alias, boolean powered) throws DBusException {
        Adapter adapter = new Adapter(name, address, alias, powered);
        if (adapters.putIfAbsent(name, adapter) != null) {
            throw new IllegalStateException(name + " is plugged in already");
        }
        bus.exportObject(adapter.getObjectPath(), adapter);
        bus.sendMessage(new ObjectManager.InterfacesAdded("/", new DBusPath(adapter.getObjectPath()),
                adapter.interfaces()));
    }

    /** The dongle pulled out: the adapter goes, as BlueZ removes it. */
    public void unplug(String name) throws DBusException {
        Adapter adapter = adapters.remove(name);
        if (adapter == null) {
            return;
        }
        bus.unExportObject(adapter.getObjectPath());
        bus.sendMessage(new ObjectManager.InterfacesRemoved("/", new DBusPath(adapter.getObjectPath()),
                new ArrayList<>(adapter.interfaces().keySet())));
    }

    /** Gives up {@code org.bluez} and leaves the bus: to clients, bluetoothd stopped. */
    @Override
    public void close() {
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

    /** BlueZ's object manager at {@code /}: every object with its interfaces and properties. */
    private final class Root implements ObjectManager {
        @Override
        public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
            Map<DBusPath, Map<String, Map<String, Variant<?>>>> all = new LinkedHashMap<>();
            adapters.values().forEach(a -> all.put(new DBusPath(a.getObjectPath()), a.interfaces()));
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

    /** One adapter: BlueZ's Adapter1 properties, its radio switched by setting Powered, scanning by Start/StopDiscovery. */
    private final class Adapter implements Adapter1, Properties {
        private final String path;
        private final Map<String, Variant<?>> properties = new LinkedHashMap<>();

        Adapter(String name, String address, String alias, boolean powered) {
            this.path = "/org/bluez/" + name;
            properties.put("Address", new Variant<>(address));
            properties.put("AddressType", new Variant<>("public"));
            properties.put("Name", new Variant<>(alias));
            properties.put("Alias", new Variant<>(alias));
            properties.put("Class", new Variant<>(new UInt32(0)));
            properties.put("Powered", new Variant<>(powered));
            properties.put("Discoverable", new Variant<>(false));
            properties.put("Pairable", new Variant<>(false));
            properties.put("Discovering", new Variant<>(false));
            properties.put("UUIDs", new Variant<>(List.of(), "as"));
            // the vendor and product of Nordic's nRF52840 dongle (USB 1915:521F) running HCI firmware
            properties.put("Modalias", new Variant<>("usb:v1915p521Fd0100"));
        }

        synchronized Map<String, Map<String, Variant<?>>> interfaces() {
            Map<String, Map<String, Variant<?>>> all = new LinkedHashMap<>();
            all.put(ADAPTER_INTERFACE, new LinkedHashMap<>(properties));
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
        public synchronized <A> A Get(String iface, String name) {
            Variant<?> value = ADAPTER_INTERFACE.equals(iface) ? properties.get(name) : null;
            if (value == null) {
                throw new DBusExecutionException("No such property '" + name + "'");
            }
            return (A) value;
        }

        @Override
        public synchronized Map<String, Variant<?>> GetAll(String iface) {
            return ADAPTER_INTERFACE.equals(iface) ? new LinkedHashMap<>(properties) : Map.of();
        }

        @Override
        public <A> void Set(String iface, String name, A value) {
            Object v = value instanceof Variant<?> w ? w.getValue() : value;
            if (!ADAPTER_INTERFACE.equals(iface)) {
                throw new DBusExecutionException("No such interface '" + iface + "'");
            }
            switch (name) {
                case "Powered", "Discoverable", "Pairable" -> {
                    if (!(v instanceof Boolean b)) {
                        throw new DBusExecutionException("Invalid arguments: " + name + " is a boolean");
                    }
                    change(name, new Variant<>(b));
                    if (!b) {
                        change("Discovering", new Variant<>(false)); // a radio switched off stops its scan
                    }
                }
                case "Alias" -> {
                    if (!(v instanceof String s)) {
                        throw new DBusExecutionException("Invalid arguments: Alias is a string");
                    }
                    change(name, new Variant<>(s));
                }
                default -> throw new DBusExecutionException("Property '" + name + "' is read-only");
            }
        }

        @Override
        public void StartDiscovery() {
            boolean powered;
            synchronized (this) {
                powered = Boolean.TRUE.equals(properties.get("Powered").getValue());
            }
            if (!powered) {
                throw new DBusExecutionException("Resource Not Ready"); // BlueZ: org.bluez.Error.NotReady
            }
            change("Discovering", new Variant<>(true));
        }

        @Override
        public void StopDiscovery() {
            change("Discovering", new Variant<>(false));
        }

        @Override
        public void RemoveDevice(DBusPath device) {
            throw new DBusExecutionException("Does Not Exist"); // no devices yet in this stand-in
        }

        @Override
        public void SetDiscoveryFilter(Map<String, Variant<?>> filter) {
            // accepted: the stand-in's scans report every device
        }

        private void change(String name, Variant<?> value) {
            synchronized (this) {
                properties.put(name, value);
            }
            try {
                bus.sendMessage(new Properties.PropertiesChanged(path, ADAPTER_INTERFACE, Map.of(name, value),
                        List.of()));
            } catch (DBusException e) {
                throw new DBusExecutionException("the change could not be announced: " + e.getMessage());
            }
        }
    }
}
