package com.payband.drivers.idcard.check;

import com.payband.drivers.idcard.MrzAccessKey;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the machine-readable zone that staff type, or that a document scanner types like a keyboard,
 * into the {@link MrzAccessKey} for BAC/PACE, checking each field's check digit as soon as the field is
 * complete, so that a form can mark the wrong field while staff are still typing.
 *
 * <p>Accepts ICAO 9303 TD3 (passports: 2 lines of 44), TD2 (2 of 36) and TD1 (ID cards: 3 of 30),
 * with or without line breaks, in upper or lower case, with blanks ignored. The layout comes from the
 * first line's length when a line break was typed, otherwise from the document code ({@code P}: TD3;
 * {@code I}, {@code A}, {@code C}: TD1, or TD2 when exactly 72 characters were typed).
 * Also {@link #fromFields} for the three fields typed one by one from the data page.
 *
 * <p>Messages and results never hold the typed data: it is personal.
 */
public final class MrzKeyEntry {

    /** ICAO 9303 MRZ formats. */
    public enum Layout {
        TD1(3, 30), TD2(2, 36), TD3(2, 44);

        private final int lines;
        private final int lineLength;

        Layout(int lines, int lineLength) {
            this.lines = lines;
            this.lineLength = lineLength;
        }

        public int lines() {
            return lines;
        }

        public int lineLength() {
            return lineLength;
        }

        public int length() {
            return lines * lineLength;
        }
    }

    /** The parts of the MRZ a form reports on. */
    public enum Field { LAYOUT, DOCUMENT_NUMBER, BIRTH_DATE, EXPIRY_DATE, COMPOSITE }

    /** What is the matter with a field. */
    public enum Problem {
        /** Not all of it typed yet. */
        INCOMPLETE,
        /** A character outside 0-9, A-Z and the filler &lt;. */
        INVALID_CHARACTER,
        /** Its check digit does not match: a typo in the field or in the digit. */
        WRONG_CHECK_DIGIT,
        /** Six digits that are no date. */
        INVALID_DATE,
        /** Longer than any MRZ, or a line of a length no layout has. */
        TOO_LONG
    }

    /** A field and whether it is complete and correct; {@code problem} empty means it is. */
    public record FieldStatus(Field field, Optional<Problem> problem) {
        public boolean ok() {
            return problem.isEmpty();
        }
    }

    /**
     * The state of an entry.
     *
     * @param key    present once every field is complete and correct (the composite digit included)
     * @param fields one status per field, in the order of {@link Field}
     */
    public record Result(Optional<Layout> layout, List<FieldStatus> fields, Optional<MrzAccessKey> key) {
        public boolean complete() {
            return key.isPresent();
        }

        /** The first field with a problem other than INCOMPLETE, if any: what a form points at. */
        public Optional<FieldStatus> firstError() {
            return fields.stream()
                    .filter(f -> f.problem().isPresent() && f.problem().get() != Problem.INCOMPLETE)
                    .findFirst();
        }

        @Override
        public String toString() {
            return "MrzKeyEntry.Result[" + layout.map(Enum::name).orElse("?") + ", " + fields + "]";
        }
    }

    private MrzKeyEntry() {
    }

    /** Checks what has been typed so far. */
    public static Result check(String typed, LocalDate today) {
        Objects.requireNonNull(typed, "typed");
        Objects.requireNonNull(today, "today");
        String upper = typed.toUpperCase(Locale.ROOT).replace('\r', '\n');
        List<String> lines = new ArrayList<>();
        for (String line : upper.split("\n", -1)) {
            lines.add(line.replaceAll("[ \\t]", ""));
        }
        String text = String.join("", lines);
        Optional<Layout> layout = layout(lines, text);
        List<FieldStatus> fields = new ArrayList<>();
        if (layout.isEmpty()) {
            Problem p = text.length() > Layout.TD3.length() || lineTooLong(lines) ? Problem.TOO_LONG
                    : Problem.INCOMPLETE;
            fields.add(new FieldStatus(Field.LAYOUT, Optional.of(p)));
            for (Field f : List.of(Field.DOCUMENT_NUMBER, Field.BIRTH_DATE, Field.EXPIRY_DATE, Field.COMPOSITE)) {
                fields.add(new FieldStatus(f, Optional.of(Problem.INCOMPLETE)));
            }
            return new Result(layout, fields, Optional.empty());
        }
        Layout l = layout.get();
        Optional<Problem> layoutProblem = text.length() > l.length() ? Optional.of(Problem.TOO_LONG)
                : invalidCharacters(text) ? Optional.of(Problem.INVALID_CHARACTER) : Optional.empty();
        fields.add(new FieldStatus(Field.LAYOUT, layoutProblem));

        Positions p = Positions.of(l, text);
        FieldStatus number = checked(Field.DOCUMENT_NUMBER, text, p, p.numberDigit);
        FieldStatus birth = date(Field.BIRTH_DATE, text, p.birth, today, true);
        FieldStatus expiry = date(Field.EXPIRY_DATE, text, p.expiry, today, false);
        fields.add(number);
        fields.add(birth);
        fields.add(expiry);
        FieldStatus composite = composite(text, p);
        fields.add(composite);

        Optional<MrzAccessKey> key = Optional.empty();
        if (fields.stream().allMatch(FieldStatus::ok)) {
            key = Optional.of(new MrzAccessKey(documentNumber(text, p),
                    parseDate(text.substring(p.birth, p.birth + 6), today, true).orElseThrow(),
                    parseDate(text.substring(p.expiry, p.expiry + 6), today, false).orElseThrow()));
        }
        return new Result(layout, List.copyOf(fields), key);
    }

    /**
     * The key from the three fields typed one by one, dates as YYMMDD (as printed in the MRZ).
     *
     * @throws IllegalArgumentException naming the wrong field (never its content)
     */
    public static MrzAccessKey fromFields(String documentNumber, String birthYymmdd, String expiryYymmdd,
            LocalDate today) {
        String number = documentNumber.strip().toUpperCase(Locale.ROOT);
        if (number.isEmpty() || invalidCharacters(number)) {
            throw new IllegalArgumentException("DOCUMENT_NUMBER: " + Problem.INVALID_CHARACTER);
        }
        LocalDate birth = parseDate(birthYymmdd.strip(), today, true)
                .orElseThrow(() -> new IllegalArgumentException("BIRTH_DATE: " + Problem.INVALID_DATE));
        LocalDate expiry = parseDate(expiryYymmdd.strip(), today, false)
                .orElseThrow(() -> new IllegalArgumentException("EXPIRY_DATE: " + Problem.INVALID_DATE));
        return new MrzAccessKey(stripFillers(number), birth, expiry);
    }

    /** A birth date as the MRZ writes it (YYMMDD), in the latest century that puts it at or before today. */
    public static Optional<LocalDate> birthDate(String yymmdd, LocalDate today) {
        return parseDate(yymmdd, today, true);
    }

    /** An expiry date as the MRZ writes it (YYMMDD): this century unless that is more than 50 years ahead. */
    public static Optional<LocalDate> expiryDate(String yymmdd, LocalDate today) {
        return parseDate(yymmdd, today, false);
    }

    /** The MRZ's YYMMDD form of a date, as BAC's key derivation needs it. */
    public static String yymmdd(LocalDate date) {
        return String.format(Locale.ROOT, "%02d%02d%02d", date.getYear() % 100, date.getMonthValue(),
                date.getDayOfMonth());
    }

    private static Optional<Layout> layout(List<String> lines, String text) {
        if (lines.size() > 1) {
            // A line break was typed: the first line's length says the layout.
            int first = lines.get(0).length();
            for (Layout l : Layout.values()) {
                if (l.lineLength() == first) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        char code = text.charAt(0);
        if (code == 'P') {
            return text.length() <= Layout.TD3.length() ? Optional.of(Layout.TD3) : Optional.empty();
        }
        if (code == 'I' || code == 'A' || code == 'C') {
            if (text.length() == Layout.TD2.length()) {
                return Optional.of(Layout.TD2);
            }
            // A TD2 typed without line breaks is taken for TD1 until its 72nd character.
            return text.length() <= Layout.TD1.length() ? Optional.of(Layout.TD1) : Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean lineTooLong(List<String> lines) {
        return lines.stream().anyMatch(l -> l.length() > Layout.TD3.lineLength());
    }

    private static boolean invalidCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '<')) {
                return true;
            }
        }
        return false;
    }

    private static FieldStatus checked(Field field, String text, Positions p, int digitAt) {
        if (text.length() <= digitAt) {
            return new FieldStatus(field, Optional.of(Problem.INCOMPLETE));
        }
        return checkedValue(field, text, p.number(text), digitAt);
    }

    private static FieldStatus checked(Field field, String text, int[] range, int digitAt) {
        if (text.length() <= digitAt) {
            return new FieldStatus(field, Optional.of(Problem.INCOMPLETE));
        }
        return checkedValue(field, text, text.substring(range[0], range[1]), digitAt);
    }

    private static FieldStatus checkedValue(Field field, String text, String value, int digitAt) {
        if (invalidCharacters(value) || invalidCharacters(String.valueOf(text.charAt(digitAt)))) {
            return new FieldStatus(field, Optional.of(Problem.INVALID_CHARACTER));
        }
        char digit = text.charAt(digitAt);
        boolean ok = MrzCheckDigit.isValid(value, digit) || (digit == '<' && MrzCheckDigit.compute(value) == '0');
        return new FieldStatus(field, ok ? Optional.empty() : Optional.of(Problem.WRONG_CHECK_DIGIT));
    }

    private static FieldStatus date(Field field, String text, int at, LocalDate today, boolean birth) {
        FieldStatus digit = checked(field, text, new int[] {at, at + 6}, at + 6);
        if (!digit.ok()) {
            return digit;
        }
        return parseDate(text.substring(at, at + 6), today, birth).isPresent() ? digit
                : new FieldStatus(field, Optional.of(Problem.INVALID_DATE));
    }

    private static FieldStatus composite(String text, Positions p) {
        int at = p.compositeAt;
        if (text.length() <= at) {
            return new FieldStatus(Field.COMPOSITE, Optional.of(Problem.INCOMPLETE));
        }
        StringBuilder covered = new StringBuilder();
        for (int[] r : p.compositeRanges) {
            covered.append(text, r[0], r[1]);
        }
        if (invalidCharacters(covered.toString()) || invalidCharacters(String.valueOf(text.charAt(at)))) {
            return new FieldStatus(Field.COMPOSITE, Optional.of(Problem.INVALID_CHARACTER));
        }
        return new FieldStatus(Field.COMPOSITE, MrzCheckDigit.isValid(covered.toString(), text.charAt(at))
                ? Optional.empty() : Optional.of(Problem.WRONG_CHECK_DIGIT));
    }

    private static String documentNumber(String text, Positions p) {
        return stripFillers(p.number(text)).replace("<", "");
    }

    private static String stripFillers(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '<') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * YYMMDD to a date. A birth date is in the past: the latest century that puts it at or before
     * today. An expiry date is this century unless that is more than 50 years ahead.
     */
    static Optional<LocalDate> parseDate(String yymmdd, LocalDate today, boolean birth) {
        if (yymmdd.length() != 6 || !yymmdd.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int yy = Integer.parseInt(yymmdd.substring(0, 2));
        int mm = Integer.parseInt(yymmdd.substring(2, 4));
        int dd = Integer.parseInt(yymmdd.substring(4, 6));
        int century = today.getYear() / 100 * 100;
        try {
            LocalDate date = LocalDate.of(century + yy, mm, dd);
            if (birth && date.isAfter(today)) {
                date = date.minusYears(100);
            } else if (!birth && date.isAfter(today.plusYears(50))) {
                date = date.minusYears(100);
            }
            return Optional.of(date);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Where the fields lie in the MRZ text (lines joined) for a layout. */
    private static final class Positions {
        int[] numberField;
        /** The whole document number with fillers, when it is not just {@code numberField} (long TD1 numbers). */
        String numberValue;
        int numberDigit;
        int birth;
        int expiry;
        int[][] compositeRanges;
        int compositeAt;

        static Positions of(Layout l, String text) {
            Positions p = new Positions();
            switch (l) {
                case TD1 -> {
                    p.numberField = new int[] {5, 14};
                    p.numberDigit = 14;
                    // A number longer than 9: the check digit position holds '<' and the rest of the
                    // number, then its check digit, opens the optional data (ICAO 9303-5, 4.2.4).
                    if (text.length() > 15 && text.charAt(14) == '<' && text.charAt(15) != '<') {
                        int end = 15;
                        while (end < 30 && end < text.length() && text.charAt(end) != '<') {
                            end++;
                        }
                        if (end < 30 && end < text.length()) {
                            p.numberValue = text.substring(5, 14) + text.substring(15, end - 1);
                            p.numberDigit = end - 1;
                        }
                    }
                    p.birth = 30;
                    p.expiry = 38;
                    p.compositeRanges = new int[][] {{5, 30}, {30, 37}, {38, 45}, {48, 59}};
                    p.compositeAt = 59;
                }
                case TD2, TD3 -> {
                    int o = l.lineLength();
                    p.numberField = new int[] {o, o + 9};
                    p.numberDigit = o + 9;
                    p.birth = o + 13;
                    p.expiry = o + 21;
                    p.compositeRanges = new int[][] {{o, o + 10}, {o + 13, o + 20}, {o + 21, o + l.lineLength() - 1}};
                    p.compositeAt = l.length() - 1;
                }
                default -> throw new IllegalStateException();
            }
            return p;
        }

        String number(String text) {
            return numberValue != null ? numberValue : text.substring(numberField[0], numberField[1]);
        }
    }
}
