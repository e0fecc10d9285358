package com.payband.drivers.idcard.serial;

/** How likely a port is to have a GA/T 467 reader behind it; ports are tried in this order. */
public enum PortRank {
    /** A USB-serial chip readers are built with ({@link KnownChip}). */
    KNOWN_READER_CHIP,
    /** Another USB-serial adapter or CDC-ACM device, or a device file under a watched glob. */
    USB_SERIAL,
    /** A built-in UART, a Bluetooth serial port, anything else: listed, probed only on request. */
    OTHER
}
