package com.payband.drivers.band.ble.bluez;

/**
 * A Bluetooth adapter as BlueZ shows it (the store's Nordic dongle running HCI firmware is one).
 *
 * @param name    BlueZ's name for it: {@code hci0}, {@code hci1}, … (the last part of its object path)
 * @param address its public address, {@code AA:BB:CC:DD:EE:FF}
 * @param alias   the name it goes by (BlueZ's {@code Alias}, else its {@code Name}); may be empty
 * @param powered whether its radio is on
 * @param discovering whether it is scanning now
 */
public record BluetoothAdapter(String name, String address, String alias, boolean powered, boolean discovering) {
}
