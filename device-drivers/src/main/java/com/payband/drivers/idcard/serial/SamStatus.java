package com.payband.drivers.idcard.serial;

import com.payband.drivers.idcard.IdCardReadException.Failure;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SW3 of a reader's answer, with what the driver does about it. The {@link #failure()} is what a read
 * fails with when the status is final; the console words each failure for staff (the status itself
 * travels as the cause, a {@link SamStatusException}, for logs and finer wording).
 */
public enum SamStatus {
    OK(0x90, "success", null, Handling.SUCCESS),
    CARD_FOUND(0x9F, "card found", null, Handling.SUCCESS),
    NO_CONTENT(0x91, "no such content on the card", Failure.UNREADABLE_DOCUMENT, Handling.FINAL),
    /** The reader received our frame with a bad checksum: resend. */
    CHECKSUM_ERROR(0x10, "the reader received a frame with a bad checksum", Failure.COMMUNICATION_ERROR, Handling.RESEND),
    /** The reader received our frame with a bad length: resend. */
    LENGTH_ERROR(0x11, "the reader received a frame with a bad length", Failure.COMMUNICATION_ERROR, Handling.RESEND),
    BAD_COMMAND(0x21, "the reader refused the command", Failure.COMMUNICATION_ERROR, Handling.FINAL),
    UNAUTHORISED_OPERATION(0x23, "operation not permitted", Failure.COMMUNICATION_ERROR, Handling.FINAL),
    UNRECOGNISED_ERROR(0x24, "unrecognised error", Failure.COMMUNICATION_ERROR, Handling.FINAL),
    /** The card did not accept the SAM: a counterfeit card, or a card that is not a resident ID card. */
    CARD_REJECTED_SAM(0x31, "the card failed to authenticate the reader", Failure.INVALID_DOCUMENT, Handling.FINAL),
    /** The SAM did not accept the card: counterfeit or altered. */
    SAM_REJECTED_CARD(0x32, "the reader failed to authenticate the card", Failure.INVALID_DOCUMENT, Handling.FINAL),
    INFORMATION_CHECK_FAILED(0x33, "the card's data failed verification", Failure.INVALID_DOCUMENT, Handling.FINAL),
    UNKNOWN_CARD_TYPE(0x40, "not a resident ID card", Failure.UNREADABLE_DOCUMENT, Handling.FINAL),
    /** The RF read failed; usually the card moved away. The driver looks for the card again. */
    READ_FAILED(0x41, "reading the card failed", Failure.UNREADABLE_DOCUMENT, Handling.CHECK_CARD),
    RANDOM_NUMBER_FAILED(0x47, "getting a random number from the card failed", Failure.UNREADABLE_DOCUMENT, Handling.CHECK_CARD),
    SAM_SELF_TEST_FAILED(0x60, "the SAM failed its self-test", Failure.READER_UNAVAILABLE, Handling.FINAL),
    SAM_NOT_AUTHORISED(0x66, "the SAM is not authorised", Failure.READER_UNAVAILABLE, Handling.FINAL),
    NO_CARD(0x80, "no card found", Failure.NO_CARD, Handling.FINAL),
    /** Selecting the card found failed; usually the card moved away. The driver looks for it again. */
    SELECT_FAILED(0x81, "selecting the card failed", Failure.UNREADABLE_DOCUMENT, Handling.CHECK_CARD),
    /** A code this driver does not know. */
    UNKNOWN(-1, "unknown status", Failure.COMMUNICATION_ERROR, Handling.FINAL);

    /** What the driver does on this status. */
    public enum Handling {
        SUCCESS,
        /** The reader did nothing with a damaged command: send it again (bounded). */
        RESEND,
        /** Look for the card again: gone means CARD_REMOVED; still there means one more try, then the failure. */
        CHECK_CARD,
        /** Fail the read with {@link #failure()}. */
        FINAL
    }

    private static final Map<Byte, SamStatus> BY_CODE = Arrays.stream(values()).filter(s -> s.code >= 0)
            .collect(Collectors.toUnmodifiableMap(SamStatus::code, Function.identity()));

    private final int code;
    private final String meaning;
    private final Failure failure;
    private final Handling handling;

    SamStatus(int code, String meaning, Failure failure, Handling handling) {
        this.code = code;
        this.meaning = meaning;
        this.failure = failure;
        this.handling = handling;
    }

    /** The SW3 byte; meaningless for {@link #UNKNOWN}. */
    public byte code() {
        return (byte) code;
    }

    /** English, for logs and exception details. */
    public String meaning() {
        return meaning;
    }

    /** The failure a read ends with on this status; empty for the success codes. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    public Handling handling() {
        return handling;
    }

    public static SamStatus of(byte sw3) {
        return BY_CODE.getOrDefault(sw3, UNKNOWN);
    }

    /** "0x90 (success)", for logs. */
    public static String describe(byte sw3) {
        return "0x" + HexFormat.of().withUpperCase().toHexDigits(sw3) + " (" + of(sw3).meaning + ")";
    }
}
