/**
 * The BLE port: scanning, connections, GATT reads, writes and notifications. The simulated radio
 * implements it now; the BlueZ/TinyB transport (a supervised child process, see peers notes) later.
 */
package com.payband.drivers.band.ble;
