package com.payband.console.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * The two secrets that open the database: H2's file password (the whole file is AES-encrypted under
 * it, so that H2's own tools cannot read or edit it) and its user's password. Both are derived from the
 * store's data key by the caller; the store itself holds no key material.
 */
public record DatabaseKeys(char[] filePassword, char[] userPassword) {

    public DatabaseKeys {
        Objects.requireNonNull(filePassword, "filePassword");
        Objects.requireNonNull(userPassword, "userPassword");
        if (filePassword.length == 0 || userPassword.length == 0 || contains(filePassword, ' ')) {
            throw new IllegalArgumentException("database secrets must be non-empty, the file password without spaces");
        }
        filePassword = filePassword.clone();
        userPassword = userPassword.clone();
    }

    /** A copy: H2's tools wipe the passwords they are given. */
    @Override
    public char[] filePassword() {
        return filePassword.clone();
    }

    /** A copy, as {@link #filePassword()}. */
    @Override
    public char[] userPassword() {
        return userPassword.clone();
    }

    /** What H2 takes as the password of an encrypted database: the file password, a space, the user's. */
    String jdbcPassword() {
        return new String(filePassword) + " " + new String(userPassword);
    }

    private static boolean contains(char[] text, char c) {
        for (char x : text) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    /** Wipes both secrets; the keys cannot open anything afterwards. */
    public void wipe() {
        Arrays.fill(filePassword, '\0');
        Arrays.fill(userPassword, '\0');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseKeys k && Arrays.equals(filePassword, k.filePassword)
                && Arrays.equals(userPassword, k.userPassword);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(filePassword) * 31 + Arrays.hashCode(userPassword);
    }

    @Override
    public String toString() {
        return "DatabaseKeys[withheld]";
    }
}
