package com.payband.drivers.band.ble.bluez;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.types.Variant;

/**
 * The Bluetooth adapters BlueZ knows, read from its D-Bus API (object manager at {@code /} of {@code org.bluez})
 * in pure Java: what {@code ble adapters} lists and the BLE host chooses from. The system bus is found as every
 * D-Bus client finds it: {@code DBUS_SYSTEM_BUS_ADDRESS} when set, else the standard socket.
 */
public final class BluezAdapters {

    /** BlueZ's well-known name and its adapter interface. */
    static final String SERVICE = "org.bluez";
    static final String ADAPTER_INTERFACE = "org.bluez.Adapter1";
    private static final String DEFAULT_SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket";

    private BluezAdapters() {
    }

    /** The system bus's address, as D-Bus clients find it. */
    public static String systemBusAddress() {
        String set = System.getenv("DBUS_SYSTEM_BUS_ADDRESS");
        return set == null || set.isBlank() ? DEFAULT_SYSTEM_BUS : set.strip();
    }

    /** The adapters on the system bus, by name (hci0 first). */
    public static List<BluetoothAdapter> list() throws BluezException {
        return list(systemBusAddress());
    }

    /** The adapters BlueZ on the bus at this address knows, by name (hci0 first). */
    public static List<BluetoothAdapter> list(String busAddress) throws BluezException {
        DBusConnection bus;
        try {
            bus = DBusConnectionBuilder.forAddress(busAddress).withShared(false).build();
        } catch (DBusException | RuntimeException e) {
            throw new BluezException(BluezException.Reason.BUS_UNAVAILABLE, "no D-Bus bus at " + busAddress, e);
        }
        try {
            Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects;
            try {
                objects = bus.getRemoteObject(SERVICE, "/", ObjectManager.class).GetManagedObjects();
            } catch (DBusExecutionException e) {
                // org.freedesktop.DBus.Error.ServiceUnknown: nobody owns org.bluez
                throw new BluezException(BluezException.Reason.BLUEZ_NOT_RUNNING,
                        "no " + SERVICE + " on the bus: " + e.getMessage(), e);
            } catch (DBusException e) {
                throw new BluezException(BluezException.Reason.BLUEZ_NOT_RUNNING, e.getMessage(), e);
            }
            List<BluetoothAdapter> adapters = new ArrayList<>();
            for (var object : objects.entrySet()) {
                Map<String, Variant<?>> adapter = object.getValue().get(ADAPTER_INTERFACE);
                if (adapter != null) {
                    adapters.add(adapter(object.getKey().getPath(), adapter));
                }
            }
            adapters.sort(Comparator.comparing(BluetoothAdapter::name));
            return adapters;
        } finally {
            try {
                bus.close();
            } catch (java.io.IOException | RuntimeException e) {
                // the answer is in: a connection that does not close cleanly changes nothing of it
            }
        }
    }

    /**
     * The adapter a driver is to use: the one named (by name or address), else BlueZ's first.
     *
     * @throws BluezException NO_ADAPTER when there is none such; why BlueZ cannot be asked otherwise
     */
    public static BluetoothAdapter find(String busAddress, java.util.Optional<String> wanted) throws BluezException {
        List<BluetoothAdapter> adapters = list(busAddress);
        return adapters.stream()
                .filter(a -> wanted.map(w -> w.equalsIgnoreCase(a.name()) || w.equalsIgnoreCase(a.address()))
                        .orElse(true))
                .findFirst()
                .orElseThrow(() -> new BluezException(BluezException.Reason.NO_ADAPTER,
                        wanted.map(w -> "no adapter " + w).orElse("no adapter") + " among " + adapters.size(), null));
    }

    private static BluetoothAdapter adapter(String path, Map<String, Variant<?>> properties) throws BluezException {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String address = text(properties, "Address");
        if (address.isEmpty()) {
            throw new BluezException(BluezException.Reason.UNEXPECTED_ANSWER, "adapter " + path + " has no address",
                    null);
        }
        String alias = text(properties, "Alias");
        return new BluetoothAdapter(name, address, alias.isEmpty() ? text(properties, "Name") : alias,
                flag(properties, "Powered"), flag(properties, "Discovering"));
    }

    /** A string property, empty when absent or of another type (a BlueZ of another version, a broken stand-in). */
    private static String text(Map<String, Variant<?>> properties, String name) {
        Variant<?> v = properties.get(name);
        return v != null && v.getValue() instanceof String s ? s : "";
    }

    private static boolean flag(Map<String, Variant<?>> properties, String name) {
        Variant<?> v = properties.get(name);
        return v != null && v.getValue() instanceof Boolean b && b;
    }
}
