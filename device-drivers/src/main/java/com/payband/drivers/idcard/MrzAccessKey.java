package com.payband.drivers.idcard;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The three MRZ fields from which BAC (and PACE with an MRZ password) derive the chip's access keys.
 * Personal data: never logged.
 */
public record MrzAccessKey(String documentNumber, LocalDate birthDate, LocalDate expiryDate) {
    public MrzAccessKey {
        Objects.requireNonNull(documentNumber, "documentNumber");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(expiryDate, "expiryDate");
    }

    @Override
    public String toString() {
        return "MrzAccessKey[withheld]";
    }
}
