package com.payband.console.ui;

import java.util.OptionalInt;

/**
 * Which ID-card reader this workstation uses: {@code sim} (the simulator), {@code serial:PATH} with an
 * optional {@code @BAUD} (a GA/T 467 reader; without a speed the driver finds it), or {@code pcsc:NAME}
 * (a PC/SC reader for passports and ICAO identity cards).
 */
public record ReaderChoice(String path, OptionalInt baud, String pcscName) {

    public static final ReaderChoice SIMULATOR = new ReaderChoice(null, OptionalInt.empty(), null);

    public static ReaderChoice serial(String path, OptionalInt baud) {
        return new ReaderChoice(path, baud, null);
    }

    public static ReaderChoice pcsc(String name) {
        return new ReaderChoice(null, OptionalInt.empty(), name);
    }

    public boolean serial() {
        return path != null;
    }

    public boolean pcsc() {
        return pcscName != null;
    }

    /** Reads what {@link #toString()} wrote; anything else is the simulator. */
    public static ReaderChoice parse(String text) {
        if (text != null && text.startsWith("pcsc:") && text.length() > 5) {
            return pcsc(text.substring(5));
        }
        if (text == null || !text.startsWith("serial:")) {
            return SIMULATOR;
        }
        String rest = text.substring("serial:".length());
        int at = rest.lastIndexOf('@');
        if (at > 0) {
            try {
                return serial(rest.substring(0, at), OptionalInt.of(Integer.parseInt(rest.substring(at + 1))));
            } catch (NumberFormatException e) {
                return serial(rest, OptionalInt.empty());
            }
        }
        return rest.isEmpty() ? SIMULATOR : serial(rest, OptionalInt.empty());
    }

    @Override
    public String toString() {
        if (pcsc()) {
            return "pcsc:" + pcscName;
        }
        return serial() ? "serial:" + path + (baud.isPresent() ? "@" + baud.getAsInt() : "") : "sim";
    }
}
