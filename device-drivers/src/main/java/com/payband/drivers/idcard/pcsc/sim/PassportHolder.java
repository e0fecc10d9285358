package com.payband.drivers.idcard.pcsc.sim;

import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.check.MrzCheckDigit;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The printed data of a virtual passport (ICAO 9303 TD3) and its two 44-character MRZ lines.
 *
 * @param issuingState three-letter ICAO code ("UTO" is ICAO's fictitious Utopia)
 */
public record PassportHolder(String issuingState, String primaryIdentifier, String secondaryIdentifier,
        String documentNumber, String nationality, LocalDate birthDate, Sex sex, LocalDate expiryDate) {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);

    public PassportHolder {
        Objects.requireNonNull(issuingState, "issuingState");
        Objects.requireNonNull(primaryIdentifier, "primaryIdentifier");
        Objects.requireNonNull(secondaryIdentifier, "secondaryIdentifier");
        Objects.requireNonNull(documentNumber, "documentNumber");
        Objects.requireNonNull(nationality, "nationality");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(expiryDate, "expiryDate");
        if (documentNumber.length() > 9) {
            throw new IllegalArgumentException("a TD3 document number has at most 9 characters");
        }
    }

    /** ICAO 9303's specimen holder, Anna Maria Eriksson of Utopia, valid for {@code validYears} from today. */
    public static PassportHolder specimen(LocalDate today) {
        return new PassportHolder("UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", LocalDate.of(1974, 8, 12),
                Sex.FEMALE, today.plusYears(5));
    }

    /** The same holder with another name: what a tamperer writes into DG1. */
    public PassportHolder renamed(String primary, String secondary) {
        return new PassportHolder(issuingState, primary, secondary, documentNumber, nationality, birthDate, sex,
                expiryDate);
    }

    /** Line 1: document code, issuing state, name. */
    public String line1() {
        String name = field(primaryIdentifier) + "<<" + field(secondaryIdentifier);
        return pad("P<" + issuingState + name, 44);
    }

    /** Line 2: number, nationality, dates, sex, optional data and their check digits. */
    public String line2() {
        String number = pad(documentNumber, 9);
        String birth = birthDate.format(YYMMDD);
        String expiry = expiryDate.format(YYMMDD);
        String personal = "<".repeat(14);
        String numberField = number + MrzCheckDigit.compute(number);
        String birthField = birth + MrzCheckDigit.compute(birth);
        String expiryField = expiry + MrzCheckDigit.compute(expiry);
        String personalField = personal + MrzCheckDigit.compute(personal);
        char composite = MrzCheckDigit.compute(numberField + birthField + expiryField + personalField);
        return numberField + pad(nationality, 3) + birthField + sexCode() + expiryField + personalField + composite;
    }

    /** Both lines, one after the other, as a document scanner types them without a line break. */
    public String mrz() {
        return line1() + line2();
    }

    private char sexCode() {
        return switch (sex) {
            case MALE -> 'M';
            case FEMALE -> 'F';
            case UNSPECIFIED -> '<';
        };
    }

    private static String field(String text) {
        return text.strip().toUpperCase(Locale.ROOT).replace(' ', '<').replace('-', '<');
    }

    private static String pad(String text, int length) {
        if (text.length() > length) {
            return text.substring(0, length);
        }
        return text + "<".repeat(length - text.length());
    }

    @Override
    public String toString() {
        return "PassportHolder[withheld]";
    }
}
