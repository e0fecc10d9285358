package com.payband.drivers.idcard.serial;

import java.util.Objects;

/**
 * The reader's own status behind a failed read: attached as the cause of the
 * {@link com.payband.drivers.idcard.IdCardReadException}, so that the console can word a SAM fault
 * apart from an unplugged cable (both are {@code READER_UNAVAILABLE}). Carries no personal data.
 */
public final class SamStatusException extends Exception {

    private static final long serialVersionUID = 1L;

    private final SamStatus status;
    private final byte code;

    public SamStatusException(SamCommand command, byte sw3) {
        super(command + " answered " + SamStatus.describe(sw3));
        this.status = SamStatus.of(sw3);
        this.code = sw3;
    }

    public SamStatus status() {
        return status;
    }

    /** The raw SW3 byte (meaningful also when {@link #status()} is UNKNOWN). */
    public byte code() {
        return code;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamStatusException e && e.status == status && e.code == code
                && Objects.equals(e.getMessage(), getMessage());
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, code);
    }
}
