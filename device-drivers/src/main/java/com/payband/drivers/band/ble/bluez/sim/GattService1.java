package com.payband.drivers.band.ble.bluez.sim;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** BlueZ's {@code org.bluez.GattService1}: properties only (doc/gatt-api.txt). */
@DBusInterfaceName("org.bluez.GattService1")
public interface GattService1 extends DBusInterface {
}
