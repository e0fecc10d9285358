package com.payband.drivers.idcard.sim;

/** A failure the simulator plays on its next read, as trainers and tests ask for. */
public enum SimulatedFault {
    /** The holder takes the card away after the text block: the read fails CARD_REMOVED. */
    CARD_REMOVED_MID_READ,
    /** The reader's cable is pulled after the text block: the read fails READER_UNAVAILABLE. */
    UNPLUGGED_MID_READ,
    /** The text frame arrives with a bad checksum: the read fails COMMUNICATION_ERROR. */
    GARBLED_FRAME,
    /** The reader never answers: the read fails TIMEOUT once the configured timeout has passed. */
    SILENT,
    /** Every step takes ten times as long, like a 9600-baud reader or a weak card. */
    SLOW
}
