package com.payband.drivers.idcard.serial;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A serial port that may have an ID-card reader behind it, as the operating system describes it.
 *
 * @param path        the device path ({@code /dev/ttyUSB0}, {@code COM3}, a pty symlink)
 * @param vendorId    USB vendor id, or -1 when unknown (not USB, or not reported)
 * @param productId   USB product id, or -1 when unknown
 * @param description what the system calls it ({@code "USB-Serial Controller"}, {@code "CP2102 USB to UART Bridge"}); may be empty
 */
public record PortCandidate(String path, int vendorId, int productId, String description) {

    public PortCandidate {
        Objects.requireNonNull(path, "path");
        description = description == null ? "" : description;
    }

    /** A port known only by its path (a watched device file, a pty). */
    public static PortCandidate ofPath(String path) {
        return new PortCandidate(path, -1, -1, "");
    }

    public OptionalInt usbVendorId() {
        return vendorId >= 0 ? OptionalInt.of(vendorId) : OptionalInt.empty();
    }

    public OptionalInt usbProductId() {
        return productId >= 0 ? OptionalInt.of(productId) : OptionalInt.empty();
    }

    /** {@code 1a86:7523}, or empty when not USB. */
    public String usbId() {
        return vendorId >= 0 && productId >= 0
                ? String.format(Locale.ROOT, "%04x:%04x", vendorId, productId) : "";
    }
}
