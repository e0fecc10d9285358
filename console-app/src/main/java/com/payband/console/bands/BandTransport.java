package com.payband.console.bands;

import java.util.Locale;
import java.util.Optional;

/**
 * The radio the console reaches bands through: the simulated radio (demonstrations, training, tests), the store's
 * Bluetooth dongle through BlueZ and TinyB, or TinyB against the console's own BlueZ stand-in playing the
 * simulator's bands (the real driver path on a machine without a dongle: training, and the tests).
 *
 * @param adapter for TINYB, the adapter by name ({@code hci1}) or address; none: BlueZ's first
 */
public record BandTransport(Kind kind, Optional<String> adapter) {

    public enum Kind { SIM, TINYB, TINYB_STAND_IN }

    public static final BandTransport SIMULATED = new BandTransport(Kind.SIM, Optional.empty());

    public BandTransport {
        adapter = adapter.map(String::strip).filter(a -> !a.isEmpty());
        if (adapter.isPresent() && kind != Kind.TINYB) {
            throw new IllegalArgumentException("an adapter is chosen for TinyB only");
        }
        adapter.ifPresent(a -> {
            if (!a.matches("[A-Za-z0-9:_-]{1,32}")) {
                throw new IllegalArgumentException("not an adapter name or address: " + a);
            }
        });
    }

    /** As typed after {@code --transport}: {@code sim}, {@code tinyb} or {@code tinyb-stand-in}. */
    public static Optional<Kind> kind(String typed) {
        return switch (typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT)) {
            case "sim" -> Optional.of(Kind.SIM);
            case "tinyb" -> Optional.of(Kind.TINYB);
            case "tinyb-stand-in" -> Optional.of(Kind.TINYB_STAND_IN);
            default -> Optional.empty();
        };
    }

    /** The word {@code --transport} takes for this kind. */
    public static String word(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** As a workstation preference keeps it: {@code tinyb:hci1}. */
    public String text() {
        return word(kind) + adapter.map(a -> ":" + a).orElse("");
    }

    /** A preference as {@link #text()} wrote it; anything else is the simulated radio. */
    public static BandTransport parse(String text) {
        if (text == null) {
            return SIMULATED;
        }
        int colon = text.indexOf(':');
        Optional<Kind> kind = kind(colon < 0 ? text : text.substring(0, colon));
        try {
            return kind.map(k -> new BandTransport(k, colon < 0 ? Optional.empty()
                    : Optional.of(text.substring(colon + 1)))).orElse(SIMULATED);
        } catch (IllegalArgumentException e) {
            return SIMULATED;
        }
    }
}
