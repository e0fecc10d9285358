/**
 * SIMULATOR: a stand-in for BlueZ on a private D-Bus bus, so that the real D-Bus clients (this project's, TinyB's
 * native layer) are proven against BlueZ's own API on machines with no Bluetooth controller.
 */
package com.payband.drivers.band.ble.bluez.sim;
