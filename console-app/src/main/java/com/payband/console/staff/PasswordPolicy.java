package com.payband.console.staff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a staff password must be, after NIST SP 800-63B: long rather than complicated, not a known
 * common password, not the account's own name. Checked when a password is set, never at sign-in.
 */
public final class PasswordPolicy {

    public static final int MINIMUM_LENGTH = 12;
    public static final int MAXIMUM_LENGTH = 256;

    public enum Violation {
        TOO_SHORT,
        TOO_LONG,
        CONTAINS_USERNAME,
        TOO_COMMON,
        TOO_FEW_DISTINCT_CHARACTERS,
        SAME_AS_CURRENT
    }

    /** The most used passwords that are long enough to pass the length rule, plus the obvious ones here. */
    private static final Set<String> COMMON = Set.of(
            "123456789012", "1234567890123", "12345678901234", "qwertyuiopas", "qwertyuiop123",
            "password1234", "password12345", "password123456", "passwordpassword", "iloveyou1234",
            "administrator", "administrator1", "admin1234567", "adminadmin123", "welcome12345",
            "letmein12345", "changeme1234", "abcdefghijkl", "abcd12345678", "1q2w3e4r5t6y",
            "qazwsxedcrfv", "zaq12wsxcde3", "paybandadmin", "payband12345", "paybandconsole",
            "woaini1314520", "aaaaaaaaaaaa", "111111111111", "000000000000", "123123123123");

    private PasswordPolicy() {
    }

    public static List<Violation> check(String username, char[] password) {
        List<Violation> violations = new ArrayList<>();
        int length = String.valueOf(password).codePointCount(0, password.length);
        if (length < MINIMUM_LENGTH) {
            violations.add(Violation.TOO_SHORT);
        }
        if (length > MAXIMUM_LENGTH) {
            violations.add(Violation.TOO_LONG);
        }
        String lower = String.valueOf(password).toLowerCase(Locale.ROOT);
        if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
            violations.add(Violation.CONTAINS_USERNAME);
        }
        if (COMMON.contains(lower)) {
            violations.add(Violation.TOO_COMMON);
        }
        if (lower.codePoints().distinct().count() < 5) {
            violations.add(Violation.TOO_FEW_DISTINCT_CHARACTERS);
        }
        return violations;
    }
}
