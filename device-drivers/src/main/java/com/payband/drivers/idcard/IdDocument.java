package com.payband.drivers.idcard;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A document as a reader delivered it: a Chinese resident ID card or an ICAO 9303 travel document.
 * Holds personal data: never log it, never store it unencrypted.
 */
public sealed interface IdDocument permits ResidentIdCard, TravelDocument {

    DocumentType documentType();

    /** The holder's full name as printed on the document. */
    String fullName();

    Sex sex();

    LocalDate birthDate();

    /** The number that identifies the holder on this document (resident ID number or document number). */
    String documentNumber();

    /** Last day of validity; empty for a long-term (长期) resident ID card. */
    Optional<LocalDate> validUntil();

    /** The portrait as read from the chip, in its original encoding. */
    Portrait portrait();

    /** Whether a simulator produced this document: such data must never reach a real backend. */
    boolean simulated();
}
