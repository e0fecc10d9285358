package com.payband.drivers.band.ble.bluez.sim;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** BlueZ's {@code org.bluez.Device1} methods (doc/device-api.txt), as the stand-in exports them. */
@DBusInterfaceName("org.bluez.Device1")
public interface Device1 extends DBusInterface {

    void Connect();

    void Disconnect();

    void ConnectProfile(String uuid);

    void DisconnectProfile(String uuid);

    void Pair();

    void CancelPairing();
}
