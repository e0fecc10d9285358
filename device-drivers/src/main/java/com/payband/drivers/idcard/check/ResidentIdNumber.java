package com.payband.drivers.idcard.check;

import com.payband.drivers.idcard.Sex;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The 18-character citizen identity number (公民身份号码, GB 11643): 6-digit region code, 8-digit
 * birth date, 3-digit sequence whose last digit is odd for men and even for women, and an ISO 7064
 * MOD 11-2 check character (0-9 or X).
 *
 * <p>Every method takes the number as it is; apply {@link #normalise(String)} first to typed input.
 * Nothing here puts the number into an exception message: it is personal data.
 */
public final class ResidentIdNumber {

    public static final int LENGTH = 18;

    /** 2^(17-i) mod 11 for the 17 digits, as ISO 7064 MOD 11-2 prescribes. */
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    /** Check character indexed by the weighted sum mod 11. */
    private static final char[] CHECK_CHARACTERS = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private ResidentIdNumber() {
    }

    /** Trims, drops inner spaces (people type the number in groups) and upper-cases a final x. */
    public static String normalise(String input) {
        StringBuilder out = new StringBuilder(LENGTH);
        input.codePoints()
                .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                .map(c -> c == 'x' ? 'X' : c)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /** 18 characters: 17 ASCII digits, then a digit or an upper-case X. Says nothing of the check character. */
    public static boolean isWellFormed(String number) {
        if (number == null || number.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (!isAsciiDigit(number.charAt(i))) {
                return false;
            }
        }
        char last = number.charAt(LENGTH - 1);
        return isAsciiDigit(last) || last == 'X';
    }

    /** Well-formed and its check character matches the first 17 digits. */
    public static boolean hasValidCheckCharacter(String number) {
        return isWellFormed(number)
                && checkCharacterFor(number.substring(0, LENGTH - 1)) == number.charAt(LENGTH - 1);
    }

    /**
     * The check character for the first 17 digits.
     *
     * @throws IllegalArgumentException unless given exactly 17 ASCII digits
     */
    public static char checkCharacterFor(String first17) {
        if (first17.length() != LENGTH - 1) {
            throw new IllegalArgumentException("expected 17 digits, got " + first17.length() + " characters");
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            char c = first17.charAt(i);
            if (!isAsciiDigit(c)) {
                throw new IllegalArgumentException("character " + (i + 1) + " is not a digit");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS[sum % 11];
    }

    /** The birth date in characters 7 to 14; empty if the number is malformed or the date does not exist. */
    public static Optional<LocalDate> embeddedBirthDate(String number) {
        if (!isWellFormed(number)) {
            return Optional.empty();
        }
        int year = Integer.parseInt(number, 6, 10, 10);
        int month = Integer.parseInt(number, 10, 12, 10);
        int day = Integer.parseInt(number, 12, 14, 10);
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException notADate) {
            return Optional.empty();
        }
    }

    /** The sex that the 17th digit encodes (odd for male); empty if the number is malformed. */
    public static Optional<Sex> embeddedSex(String number) {
        if (!isWellFormed(number)) {
            return Optional.empty();
        }
        int digit = number.charAt(LENGTH - 2) - '0';
        return Optional.of(digit % 2 == 1 ? Sex.MALE : Sex.FEMALE);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
