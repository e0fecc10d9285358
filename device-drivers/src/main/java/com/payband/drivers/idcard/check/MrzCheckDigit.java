package com.payband.drivers.idcard.check;

/**
 * ICAO 9303 Part 3 check digit of a machine-readable-zone field: the characters valued 0-9, A=10 to
 * Z=35 and the filler {@code <}=0, weighted 7, 3, 1 repeating, summed modulo 10.
 */
public final class MrzCheckDigit {

    private static final int[] WEIGHTS = {7, 3, 1};

    private MrzCheckDigit() {
    }

    /**
     * The check digit of an MRZ field, as a character '0' to '9'.
     *
     * @throws IllegalArgumentException if the field holds a character outside [0-9A-Z&lt;]; the message
     *     names the position only, since fields are personal data
     */
    public static char compute(String field) {
        int sum = 0;
        for (int i = 0; i < field.length(); i++) {
            sum += valueAt(field, i) * WEIGHTS[i % WEIGHTS.length];
        }
        return (char) ('0' + sum % 10);
    }

    /** Whether {@code digit} is the check digit of {@code field}; false for a field with invalid characters. */
    public static boolean isValid(String field, char digit) {
        for (int i = 0; i < field.length(); i++) {
            if (!isMrzCharacter(field.charAt(i))) {
                return false;
            }
        }
        return compute(field) == digit;
    }

    private static int valueAt(String field, int index) {
        char c = field.charAt(index);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c == '<') {
            return 0;
        }
        throw new IllegalArgumentException("character " + (index + 1) + " is not an MRZ character");
    }

    private static boolean isMrzCharacter(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '<';
    }
}
