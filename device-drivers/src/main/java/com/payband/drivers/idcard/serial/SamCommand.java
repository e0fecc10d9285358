package com.payband.drivers.idcard.serial;

import java.util.Arrays;
import java.util.Optional;

/** The host's commands to a GA/T 467 SAM reader: command byte and parameter byte. */
public enum SamCommand {
    /** Is the SAM working? Answers 0x90. */
    SAM_STATUS(0x11, 0xFF, 0),
    /** The SAM's 16-byte identity. */
    SAM_ID(0x12, 0xFF, 16),
    /** Looks for a card in the field: 0x9F found, 0x80 none. Answers 4 bytes. */
    FIND_CARD(0x20, 0x01, 4),
    /** Selects the card found: 0x90, or 0x81. Answers 8 bytes. */
    SELECT_CARD(0x20, 0x02, 8),
    /** Reads the 256-byte text and the 1024-byte photo. */
    READ_TEXT_AND_PHOTO(0x30, 0x01, 4 + 256 + 1024),
    /** Reads the additional address (a move recorded on the chip), when the card has one (else 0x91). */
    READ_NEW_ADDRESS(0x30, 0x03, 70),
    /** Reads text, photo and fingerprint. */
    READ_TEXT_PHOTO_AND_FINGERPRINT(0x30, 0x10, 6 + 256 + 1024 + 1024),
    /** Sets the largest RF frame the SAM uses with the card (one data byte). */
    SET_MAX_RF_FRAME(0x61, 0xFF, 0);

    private final byte code;
    private final byte parameter;
    private final int answerDataLength;

    SamCommand(int code, int parameter, int answerDataLength) {
        this.code = (byte) code;
        this.parameter = (byte) parameter;
        this.answerDataLength = answerDataLength;
    }

    public byte code() {
        return code;
    }

    public byte parameter() {
        return parameter;
    }

    /** Data bytes after SW1..SW3 of a successful answer, as the protocol defines them. */
    public int answerDataLength() {
        return answerDataLength;
    }

    public static Optional<SamCommand> of(byte code, byte parameter) {
        return Arrays.stream(values()).filter(c -> c.code == code && c.parameter == parameter).findFirst();
    }

    /** The frame that sends this command without data. */
    public byte[] frame() {
        return new SamRequest(code, parameter, new byte[0]).toFrame();
    }
}
