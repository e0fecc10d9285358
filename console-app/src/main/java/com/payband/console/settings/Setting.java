package com.payband.console.settings;

import java.util.function.Predicate;

/** The settings the console knows, with their defaults and what values are allowed. */
public enum Setting {
    /** Youngest age, in whole years, at which a customer may be enrolled. */
    MINIMUM_AGE("18", v -> isInt(v, 0, 120)),
    /** Minutes without input after which a signed-in console locks. */
    IDLE_LOCK_MINUTES("5", v -> isInt(v, 1, 240)),
    /**
     * Passports whose chip nobody can check, because this console trusts no CSCA (no trust folder):
     * REFUSE (the default; the simulator's documents excepted) or ACCEPT with a warning.
     */
    UNCHECKED_PASSPORTS("REFUSE", v -> v.trim().equalsIgnoreCase("REFUSE") || v.trim().equalsIgnoreCase("ACCEPT")),
    /** The store's name as customers know it, printed on their receipts (empty: the store's id is printed). */
    STORE_NAME("", v -> printable(v, 80)),
    /** The store's address, printed on customers' receipts under its name. */
    STORE_ADDRESS("", v -> printable(v, 160));

    private final String defaultValue;
    private final Predicate<String> valid;

    Setting(String defaultValue, Predicate<String> valid) {
        this.defaultValue = defaultValue;
        this.valid = valid;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public boolean accepts(String value) {
        return value != null && valid.test(value);
    }

    /** One line of text a receipt can print: no control characters, not too long. */
    private static boolean printable(String v, int max) {
        return v.strip().length() <= max && v.codePoints().noneMatch(Character::isISOControl);
    }

    private static boolean isInt(String v, int min, int max) {
        try {
            int i = Integer.parseInt(v.trim());
            return i >= min && i <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
