package com.payband.console.customer;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns a full name into the form whose keyed hash is looked up, so that staff find a customer however
 * the name was typed: full-width or half-width (NFKC), upper or lower case, with or without spaces and
 * the separators of transliterated names (阿依古丽·买买提, O'NEIL, JEAN-PAUL, MRZ fillers).
 * Exact match on the result: no partial or fuzzy search over encrypted names.
 */
public final class NameNormaliser {

    private NameNormaliser() {
    }

    public static String normalise(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints()
                .filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !isSeparator(cp))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static boolean isSeparator(int cp) {
        return switch (cp) {
            case '·', '•', '・', '‧', '.', '-', '‐', '‑', '\'', '’', ',', '<', '_' -> true;
            default -> false;
        };
    }
}
