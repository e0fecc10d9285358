package com.payband.drivers.idcard.check;

import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.TravelDocument;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a document must pass before a band may be bound to its holder. "Today" is the clock's
 * date in the clock's zone, so a console in China and its tests agree on when a card expires.
 *
 * <p>The check trusts the reader for what the chip vouches for (passive authentication) and
 * re-checks what a chip cannot: dates against today, and the resident ID number against itself and
 * the card's other fields.
 */
public final class DocumentCheck {

    public static final int MAX_MINIMUM_AGE = 120;

    /** What becomes of a chip whose signer nobody checked (the console trusts no CSCA at all). */
    public enum UncheckedChips {
        /** Refused, except a simulated document (demonstrations and training have no CSCA). The default. */
        REFUSE,
        /** Accepted with a warning: staff decide (a console that cannot have a trust folder yet). */
        ACCEPT,
        /** Refused, simulated documents too: the production rule, applied to a virtual reader's read in tests. */
        REFUSE_EVEN_SIMULATED
    }

    private final Clock clock;
    private final int minimumAgeYears;
    private final UncheckedChips uncheckedChips;

    /**
     * @param minimumAgeYears the age in whole years a holder must have reached today, 0 to 120
     */
    public DocumentCheck(Clock clock, int minimumAgeYears) {
        this(clock, minimumAgeYears, UncheckedChips.REFUSE);
    }

    public DocumentCheck(Clock clock, int minimumAgeYears, UncheckedChips uncheckedChips) {
        this.uncheckedChips = Objects.requireNonNull(uncheckedChips, "uncheckedChips");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (minimumAgeYears < 0 || minimumAgeYears > MAX_MINIMUM_AGE) {
            throw new IllegalArgumentException(
                    "minimum age must be within 0.." + MAX_MINIMUM_AGE + ": " + minimumAgeYears);
        }
        this.minimumAgeYears = minimumAgeYears;
    }

    public int minimumAgeYears() {
        return minimumAgeYears;
    }

    public DocumentCheckResult check(IdDocument document) {
        Objects.requireNonNull(document, "document");
        LocalDate today = LocalDate.now(clock);
        Set<DocumentProblem> problems = EnumSet.noneOf(DocumentProblem.class);

        // The last day printed on a document is a day it is still valid on.
        document.validUntil()
                .filter(lastDay -> lastDay.isBefore(today))
                .ifPresent(lastDay -> problems.add(DocumentProblem.EXPIRED));

        if (document instanceof ResidentIdCard card) {
            checkResidentCard(card, today, problems);
        } else if (document instanceof TravelDocument travel) {
            checkTravelDocument(travel, problems, uncheckedChips);
        }

        if (document.birthDate().isAfter(today)) {
            problems.add(DocumentProblem.BIRTH_DATE_IN_FUTURE);
        } else if (Period.between(document.birthDate(), today).getYears() < minimumAgeYears) {
            // Period counts a birthday reached on its day, and a 29 February birthday on 1 March.
            problems.add(DocumentProblem.UNDER_AGE);
        }
        return new DocumentCheckResult(List.copyOf(problems));
    }

    private static void checkResidentCard(ResidentIdCard card, LocalDate today, Set<DocumentProblem> problems) {
        if (card.validFrom().isAfter(today)) {
            problems.add(DocumentProblem.NOT_YET_VALID);
        }
        String number = card.idNumber();
        if (!ResidentIdNumber.isWellFormed(number)) {
            // Nothing else can be read from a malformed number.
            problems.add(DocumentProblem.MALFORMED_ID_NUMBER);
            return;
        }
        if (!ResidentIdNumber.hasValidCheckCharacter(number)) {
            problems.add(DocumentProblem.INVALID_CHECK_CHARACTER);
        }
        Optional<LocalDate> embeddedBirthDate = ResidentIdNumber.embeddedBirthDate(number);
        if (!embeddedBirthDate.equals(Optional.of(card.birthDate()))) {
            problems.add(DocumentProblem.BIRTH_DATE_MISMATCH);
        }
        Optional<Sex> embeddedSex = ResidentIdNumber.embeddedSex(number);
        if (!embeddedSex.equals(Optional.of(card.sex()))) {
            problems.add(DocumentProblem.SEX_MISMATCH);
        }
    }

    private static void checkTravelDocument(TravelDocument document, Set<DocumentProblem> problems,
            UncheckedChips uncheckedChips) {
        if (document.passiveAuthentication() == PassiveAuthentication.INVALID) {
            problems.add(DocumentProblem.PASSIVE_AUTHENTICATION_FAILED);
        } else if (document.passiveAuthentication() == PassiveAuthentication.NOT_CHECKED) {
            boolean refused = switch (uncheckedChips) {
                case ACCEPT -> false;
                case REFUSE -> !document.simulated();
                case REFUSE_EVEN_SIMULATED -> true;
            };
            problems.add(refused ? DocumentProblem.PASSIVE_AUTHENTICATION_NOT_CHECKED_REFUSED
                    : DocumentProblem.PASSIVE_AUTHENTICATION_NOT_CHECKED);
        }
    }

    @Override
    public String toString() {
        return "DocumentCheck[minimum age " + minimumAgeYears + ", unchecked chips " + uncheckedChips + "]";
    }
}
