package com.payband.drivers.band.ble.bluez.sim;

import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** BlueZ's {@code org.bluez.Adapter1} methods (doc/adapter-api.txt), as the stand-in exports them. */
@DBusInterfaceName("org.bluez.Adapter1")
public interface Adapter1 extends DBusInterface {

    void StartDiscovery();

    void StopDiscovery();

    void RemoveDevice(DBusPath device);

    void SetDiscoveryFilter(Map<String, Variant<?>> filter);
}
