package com.payband.drivers.idcard.serial;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.check.ResidentIdNumber;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;

/**
 * The 256-byte text block of a resident ID card as a GA/T 467 SAM returns it: UCS-2 little-endian,
 * fixed-width fields padded with spaces.
 *
 * <pre>
 * field               bytes  characters
 * name                  30   15
 * sex                    2    1   '1' male, '2' female ('0' unknown, '9' unspecified)
 * nation                 4    2   GB/T 3304 code, "01" = Han
 * birth date            16    8   YYYYMMDD
 * address               70   35
 * ID number             36   18   ends in an ISO 7064 MOD 11-2 check character
 * issuing authority     30   15
 * valid from            16    8   YYYYMMDD
 * valid to              16    8   YYYYMMDD, or 长期 (long-term)
 * reserved              36   18   character 124 (byte 248) marks other card types: 'I', 'J', 'Y'
 * </pre>
 *
 * <p>The decoder refuses what is not a well-formed resident card ({@code UNREADABLE_DOCUMENT}), but it
 * delivers an ID number whose check character is wrong as it is: refusing it is the acceptance
 * rules' job ({@code check.DocumentCheck}), as for every other reader. Nothing here puts field
 * contents into an exception message.
 */
public final class ResidentCardText {

    /** 长期: the "valid to" of a long-term card. */
    public static final String LONG_TERM = "长期";

    private static final int[] WIDTHS = {15, 1, 2, 8, 35, 18, 15, 8, 8, 18};
    private static final int NAME = 0;
    private static final int SEX = 1;
    private static final int NATION = 2;
    private static final int BIRTH = 3;
    private static final int ADDRESS = 4;
    private static final int ID_NUMBER = 5;
    private static final int AUTHORITY = 6;
    private static final int FROM = 7;
    private static final int TO = 8;
    private static final int RESERVED = 9;
    /** Character index (in the whole block) of the card-type mark other card kinds set. */
    private static final int CARD_TYPE_CHAR = 124;

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    private ResidentCardText() {
    }

    /**
     * Decodes a text block into a card.
     *
     * @param portrait  the photo block, kept as WLT data
     * @param simulated whether the SAM that read it is the PayBand simulator
     * @throws IdCardReadException UNREADABLE_DOCUMENT when a field is malformed, or the card is another
     *     kind (foreigner's permanent residence card, Hong Kong/Macao/Taiwan residence permit)
     */
    public static ResidentIdCard decode(byte[] block, Portrait portrait, boolean simulated) throws IdCardReadException {
        if (block.length != CardData.TEXT_LENGTH) {
            throw unreadable("text block of " + block.length + " bytes");
        }
        String text;
        try {
            // strictly: a lenient decoder turns a lone surrogate into one U+FFFD for two units and shifts every
            // field after it (found by fuzzing)
            text = StandardCharsets.UTF_16LE.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(block)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw unreadable("text block is not UTF-16 text");
        }
        char type = text.charAt(CARD_TYPE_CHAR);
        if (type == 'I' || type == 'J' || type == 'Y') {
            throw unreadable("card type '" + type + "' is not a resident ID card (foreigner's or HK/Macao/Taiwan card)");
        }
        String[] f = fields(text);
        String name = f[NAME];
        if (name.codePoints().noneMatch(Character::isLetter)) {
            // found by fuzzing: a name of Unicode spaces (U+2000...) was taken for a name
            throw unreadable("name field holds no letter");
        }
        Sex sex = switch (f[SEX]) {
            case "1" -> Sex.MALE;
            case "2" -> Sex.FEMALE;
            case "0", "9" -> Sex.UNSPECIFIED;
            default -> throw unreadable("sex code is not 0, 1, 2 or 9");
        };
        Nation nation = nation(f[NATION]);
        LocalDate birth = date(f[BIRTH], "birth date");
        String idNumber = f[ID_NUMBER].replace('x', 'X');
        if (!ResidentIdNumber.isWellFormed(idNumber)) {
            throw unreadable("ID number is not 17 digits and a check character");
        }
        LocalDate from = date(f[FROM], "valid-from date");
        Optional<LocalDate> to = LONG_TERM.equals(f[TO]) ? Optional.empty() : Optional.of(date(f[TO], "valid-to date"));
        return new ResidentIdCard(name, sex, nation, birth, f[ADDRESS], idNumber, f[AUTHORITY], from, to,
                portrait, simulated);
    }

    /** Whether the ID number in a decoded card has a correct check character (the acceptance rules refuse it otherwise). */
    public static boolean checkCharacterValid(ResidentIdCard card) {
        return ResidentIdNumber.hasValidCheckCharacter(card.idNumber());
    }

    /**
     * The text block for a card, as a SAM would return it (the simulator's side).
     *
     * @throws IllegalArgumentException if a field does not fit its width
     */
    public static byte[] encode(ResidentIdCard card) {
        String[] f = new String[WIDTHS.length];
        f[NAME] = card.fullName();
        f[SEX] = switch (card.sex()) {
            case MALE -> "1";
            case FEMALE -> "2";
            case UNSPECIFIED -> "9";
        };
        f[NATION] = String.format(java.util.Locale.ROOT, "%02d", card.nation().code());
        f[BIRTH] = card.birthDate().format(YYYYMMDD);
        f[ADDRESS] = card.address();
        f[ID_NUMBER] = card.idNumber();
        f[AUTHORITY] = card.issuingAuthority();
        f[FROM] = card.validFrom().format(YYYYMMDD);
        f[TO] = card.validUntil().map(d -> d.format(YYYYMMDD)).orElse(LONG_TERM);
        f[RESERVED] = "";
        StringBuilder text = new StringBuilder(CardData.TEXT_LENGTH / 2);
        for (int i = 0; i < WIDTHS.length; i++) {
            if (f[i].length() > WIDTHS[i]) {
                throw new IllegalArgumentException("field " + i + " is longer than " + WIDTHS[i] + " characters");
            }
            text.append(f[i]);
            text.append(" ".repeat(WIDTHS[i] - f[i].length()));
        }
        return text.toString().getBytes(StandardCharsets.UTF_16LE);
    }

    private static String[] fields(String text) {
        String[] out = new String[WIDTHS.length];
        int at = 0;
        for (int i = 0; i < WIDTHS.length; i++) {
            out[i] = strip(text.substring(at, at + WIDTHS[i]));
            at += WIDTHS[i];
        }
        return out;
    }

    /** Drops the padding: spaces of any kind (U+0020, U+3000, ...), and the NULs some readers pad with instead. */
    private static String strip(String field) {
        return field.replace('\0', ' ').strip();
    }

    private static Nation nation(String code) throws IdCardReadException {
        if (code.length() != 2 || !Character.isDigit(code.charAt(0)) || !Character.isDigit(code.charAt(1))) {
            throw unreadable("nation code is not two digits");
        }
        return Nation.ofCode(Integer.parseInt(code))
                .orElseThrow(() -> unreadable("nation code is not a GB/T 3304 code"));
    }

    private static LocalDate date(String value, String what) throws IdCardReadException {
        if (value.length() != 8 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw unreadable(what + " is not YYYYMMDD");
        }
        try {
            return LocalDate.parse(value, YYYYMMDD);
        } catch (DateTimeException e) {
            throw unreadable(what + " is not a date");
        }
    }

    private static IdCardReadException unreadable(String detail) {
        return new IdCardReadException(Failure.UNREADABLE_DOCUMENT, "text block: " + detail);
    }

    /** For tests of damaged blocks: a copy of {@code block} with the characters at {@code charIndex} replaced. */
    static byte[] withCharacters(byte[] block, int charIndex, String replacement) {
        byte[] copy = Arrays.copyOf(block, block.length);
        byte[] bytes = replacement.getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(bytes, 0, copy, charIndex * 2, bytes.length);
        return copy;
    }
}
