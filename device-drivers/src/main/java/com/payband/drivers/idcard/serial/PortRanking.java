package com.payband.drivers.idcard.serial;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders candidate ports: known reader chips first, then other USB serial ports, then the rest; within
 * a rank by device name in natural order ({@code ttyUSB2} before {@code ttyUSB10}). Pure: it looks at
 * descriptions only, never at a device.
 */
public final class PortRanking {

    private static final Pattern USB_PATH = Pattern.compile(
            ".*/(ttyUSB|ttyACM|cu\\.usbserial|cu\\.usbmodem|cu\\.SLAB_USBtoUART|cu\\.wchusbserial|tty\\.usbserial)[^/]*");
    private static final Pattern DIGITS = Pattern.compile("(\\d+)$");

    private PortRanking() {
    }

    /** A ranked candidate: the port, its rank and the known chip it is on. */
    public record RankedPort(PortCandidate port, PortRank rank, Optional<KnownChip> chip) { }

    public static PortRank rank(PortCandidate port) {
        if (KnownChip.of(port).isPresent()) {
            return PortRank.KNOWN_READER_CHIP;
        }
        String description = port.description().toUpperCase(Locale.ROOT);
        if (port.vendorId() >= 0 || USB_PATH.matcher(port.path()).matches() || description.contains("USB")) {
            return PortRank.USB_SERIAL;
        }
        return PortRank.OTHER;
    }

    public static RankedPort ranked(PortCandidate port) {
        return new RankedPort(port, rank(port), KnownChip.of(port));
    }

    /** The candidates, best first; duplicates (same path) keep their best-described entry. */
    public static List<RankedPort> order(List<PortCandidate> candidates) {
        java.util.Map<String, PortCandidate> byPath = new java.util.LinkedHashMap<>();
        for (PortCandidate c : candidates) {
            byPath.merge(c.path(), c, (a, b) -> describedness(b) > describedness(a) ? b : a);
        }
        return byPath.values().stream()
                .map(PortRanking::ranked)
                .sorted(Comparator.comparing(RankedPort::rank)
                        .thenComparing(r -> stem(r.port().path()))
                        .thenComparingLong(r -> number(r.port().path()))
                        .thenComparing(r -> r.port().path()))
                .toList();
    }

    private static int describedness(PortCandidate c) {
        return (c.vendorId() >= 0 ? 2 : 0) + (c.description().isEmpty() ? 0 : 1);
    }

    private static String stem(String path) {
        Matcher m = DIGITS.matcher(path);
        return m.find() ? path.substring(0, m.start()) : path;
    }

    private static long number(String path) {
        Matcher m = DIGITS.matcher(path);
        if (!m.find()) {
            return -1;
        }
        String digits = m.group(1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
