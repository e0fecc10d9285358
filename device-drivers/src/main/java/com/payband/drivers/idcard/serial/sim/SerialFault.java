package com.payband.drivers.idcard.serial.sim;

/**
 * A fault the simulated reader plays on an answer, as trainers and tests ask for. Each injection plays
 * once; inject it several times for a persistent fault.
 */
public enum SerialFault {
    /** The answer goes out with a wrong checksum (a flipped bit on the line). */
    CHECKSUM_ERROR,
    /** The answer stops halfway: the rest never comes. */
    TRUNCATED_FRAME,
    /** Line noise (no preamble in it) comes before the answer. */
    GARBAGE_BEFORE_ANSWER,
    /** A frame-looking run of bytes with an impossible length comes before the answer. */
    BOGUS_FRAME_BEFORE_ANSWER,
    /** The reader says it received the command damaged (status 0x10) instead of answering it. */
    COMMAND_DAMAGED,
    /** The card is taken away while it is being read: the read answers 0x41 and the card is gone. Plays on a read command. */
    CARD_REMOVED_DURING_READ,
    /** The command gets no answer at all. */
    SILENT,
    /**
     * A USB-serial adapter's power-up glitch: a few stray bytes (no preamble) at once, then the answer
     * {@link SerialReaderSimulator#LATE} later.
     */
    STRAY_BYTES_THEN_LATE_ANSWER,
    /** Noise holding a preamble and a plausible length, then the answer {@link SerialReaderSimulator#LATE} later. */
    FAKE_PREAMBLE_THEN_LATE_ANSWER,
    /** The first half of an earlier answer left on the line, then the whole answer {@link SerialReaderSimulator#LATE} later. */
    HALF_FRAME_THEN_LATE_ANSWER,
    /** A few noise bytes right after the answer: they are on the line before the next command's answer. */
    NOISE_AFTER_ANSWER,
    /** Noise, and no answer at all. */
    NOISE_INSTEAD_OF_ANSWER
}
