package com.payband.console.customer;

import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.TravelDocument;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A person's identity as a document states it, in clear: only ever held in memory, encrypted at rest.
 * Fields a document type does not have are empty.
 */
public record Identity(
        DocumentType documentType,
        String fullName,
        Sex sex,
        LocalDate birthDate,
        String documentNumber,
        Optional<Nation> nation,
        Optional<String> address,
        Optional<String> issuingAuthority,
        Optional<String> issuingState,
        Optional<String> nationality,
        Optional<LocalDate> validFrom,
        Optional<LocalDate> validUntil,
        Optional<PassiveAuthentication> passiveAuthentication,
        String portraitSha256,
        boolean simulated) {

    public static Identity of(IdDocument document) {
        if (document instanceof ResidentIdCard card) {
            return new Identity(card.documentType(), card.fullName(), card.sex(), card.birthDate(), card.idNumber(),
                    Optional.of(card.nation()), Optional.of(card.address()), Optional.of(card.issuingAuthority()),
                    Optional.of("CHN"), Optional.of("CHN"), Optional.of(card.validFrom()), card.validUntil(),
                    Optional.empty(), card.portrait().sha256(), card.simulated());
        }
        TravelDocument doc = (TravelDocument) document;
        return new Identity(doc.documentType(), doc.fullName(), doc.sex(), doc.birthDate(), doc.documentNumber(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(doc.issuingState()),
                Optional.of(doc.nationality()), Optional.empty(), Optional.of(doc.expiryDate()),
                Optional.of(doc.passiveAuthentication()), doc.portrait().sha256(), doc.simulated());
    }

    /** The surname-first form of a travel document's name, searched as well as the given-name-first form. */
    static Optional<String> alternativeName(IdDocument document) {
        if (document instanceof TravelDocument doc && !doc.secondaryIdentifier().isBlank()) {
            return Optional.of(doc.primaryIdentifier() + " " + doc.secondaryIdentifier());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Identity[personal data withheld]";
    }
}
