package com.payband.drivers.idcard;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An ICAO 9303 electronic machine-readable travel document (passport or eID card) as read from its
 * chip: DG1 (the MRZ data), DG2 (the face) and the result of passive authentication of EF.SOD.
 *
 * @param primaryIdentifier   surname(s), as in the MRZ with fillers replaced by spaces
 * @param secondaryIdentifier given name(s), likewise
 * @param issuingState        ICAO three-letter code of the issuing state or organisation
 * @param nationality         ICAO three-letter nationality code
 */
public record TravelDocument(
        DocumentType documentType,
        String primaryIdentifier,
        String secondaryIdentifier,
        Sex sex,
        LocalDate birthDate,
        String documentNumber,
        String issuingState,
        String nationality,
        LocalDate expiryDate,
        Portrait portrait,
        PassiveAuthentication passiveAuthentication,
        boolean simulated) implements IdDocument {

    public TravelDocument {
        Objects.requireNonNull(documentType, "documentType");
        if (documentType == DocumentType.CN_RESIDENT_ID_CARD) {
            throw new IllegalArgumentException("a travel document is a passport or an ICAO identity card");
        }
        Objects.requireNonNull(primaryIdentifier, "primaryIdentifier");
        Objects.requireNonNull(secondaryIdentifier, "secondaryIdentifier");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(documentNumber, "documentNumber");
        Objects.requireNonNull(issuingState, "issuingState");
        Objects.requireNonNull(nationality, "nationality");
        Objects.requireNonNull(expiryDate, "expiryDate");
        Objects.requireNonNull(portrait, "portrait");
        Objects.requireNonNull(passiveAuthentication, "passiveAuthentication");
    }

    /** Given names then surname, the order a person is addressed in. */
    @Override
    public String fullName() {
        return secondaryIdentifier.isBlank() ? primaryIdentifier : secondaryIdentifier + " " + primaryIdentifier;
    }

    @Override
    public Optional<LocalDate> validUntil() {
        return Optional.of(expiryDate);
    }

    @Override
    public String toString() {
        return "TravelDocument[" + documentType + ", personal data withheld, PA " + passiveAuthentication
                + (simulated ? ", simulated" : "") + "]";
    }
}
