package com.payband.drivers.band.ble.bluez;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * BlueZ's {@code org.bluez.Device1} methods (doc/device-api.txt): what the BLE host calls past TinyB (a connect it can
 * bound in time) and what the stand-in exports.
 */
@DBusInterfaceName("org.bluez.Device1")
public interface Device1 extends DBusInterface {

    void Connect();

    void Disconnect();

    void ConnectProfile(String uuid);

    void DisconnectProfile(String uuid);

    void Pair();

    void CancelPairing();
}
