/**
 * Payment bands: the console's client of the band protocol ({@link com.payband.drivers.band.BandClient})
 * over any {@link com.payband.drivers.band.ble.BleTransport}, the protocol's messages and cryptography
 * ({@code protocol}), and the band simulator ({@code sim}). The protocol is specified in
 * {@code src/docs/band-gatt-profile.md}.
 */
package com.payband.drivers.band;
