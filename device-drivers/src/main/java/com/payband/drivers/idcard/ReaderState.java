package com.payband.drivers.idcard;

/** What a reader is doing. */
public enum ReaderState {
    /** Unplugged, or its device cannot be opened. */
    ABSENT,
    /** Attached, no card on it. */
    READY,
    /** A card is on the reader. */
    CARD_PRESENT,
    /** A read is in progress. */
    READING
}
