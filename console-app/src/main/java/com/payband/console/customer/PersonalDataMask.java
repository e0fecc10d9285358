package com.payband.console.customer;

/** The masked forms of personal data that staff see until they reveal it (an audited action). */
public final class PersonalDataMask {

    private PersonalDataMask() {
    }

    /** Shows enough to tell two customers apart at a counter, not enough to identify anyone. */
    public static String documentNumber(String number) {
        String n = DocumentNumbers.normalise(number);
        if (n.length() <= 6) {
            return "*".repeat(n.length());
        }
        int keepStart = n.length() >= 15 ? 4 : 2;
        int keepEnd = n.length() >= 15 ? 4 : 2;
        return n.substring(0, keepStart) + "*".repeat(n.length() - keepStart - keepEnd) + n.substring(n.length() - keepEnd);
    }

    /** 张** / A**** M**** E*******: the first character of each word. */
    public static String name(String name) {
        StringBuilder out = new StringBuilder();
        boolean wordStart = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (Character.isWhitespace(cp) || cp == '·') {
                out.appendCodePoint(cp);
                wordStart = true;
            } else if (wordStart) {
                out.appendCodePoint(cp);
                wordStart = false;
            } else {
                out.append('*');
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
