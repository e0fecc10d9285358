/**
 * BlueZ, the Linux Bluetooth stack, through its D-Bus API in pure Java (dbus-java): the adapters it knows (the
 * store's Nordic dongle running HCI firmware is one), read as every D-Bus client reads them. TinyB, which drives
 * scanning and GATT, runs in a separate host process (src/docs/plans/issue-16-ble-host.md).
 */
package com.payband.drivers.band.ble.bluez;
