package com.payband.drivers.idcard;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A Chinese second-generation resident identity card (居民身份证) as a GA/T 467 reader decodes it.
 *
 * @param validUntil empty for a long-term (长期) card
 */
public record ResidentIdCard(
        String fullName,
        Sex sex,
        Nation nation,
        LocalDate birthDate,
        String address,
        String idNumber,
        String issuingAuthority,
        LocalDate validFrom,
        Optional<LocalDate> validUntil,
        Portrait portrait,
        boolean simulated) implements IdDocument {

    public ResidentIdCard {
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(nation, "nation");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(issuingAuthority, "issuingAuthority");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(portrait, "portrait");
    }

    @Override
    public DocumentType documentType() {
        return DocumentType.CN_RESIDENT_ID_CARD;
    }

    @Override
    public String documentNumber() {
        return idNumber;
    }

    public boolean longTerm() {
        return validUntil.isEmpty();
    }

    /** Never prints personal data: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return "ResidentIdCard[personal data withheld" + (simulated ? ", simulated" : "") + "]";
    }
}
