package com.payband.drivers.idcard;

/** Families of readers, each with its own driver. */
public enum ReaderKind {
    SIMULATOR,
    /** Chinese resident ID card reader with a GA/T 467 SAM behind a USB-serial chip. */
    SERIAL_GAT467,
    /** PC/SC contactless reader for ICAO 9303 documents. */
    PCSC
}
