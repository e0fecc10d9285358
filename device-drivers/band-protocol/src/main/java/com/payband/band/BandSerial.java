package com.payband.band;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A band's serial number, as printed on its box label and carried in its advertisement: {@code PB} + 6. */
public record BandSerial(String value) {

    private static final Pattern FORM = Pattern.compile("PB[0-9A-Z]{6}");
    public static final int LENGTH = 8;

    public BandSerial {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a band serial");
        }
    }

    /** Accepts what a person or a barcode scanner types: spaces, dashes and lower case are forgiven. */
    public static java.util.Optional<BandSerial> parse(String typed) {
        String v = typed.strip().replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        return FORM.matcher(v).matches() ? java.util.Optional.of(new BandSerial(v)) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
