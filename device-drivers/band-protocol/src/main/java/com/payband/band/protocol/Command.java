package com.payband.band.protocol;

import java.util.Arrays;
import java.util.Optional;

/** Commands inside the session (band-gatt-profile.md, section 3). */
public enum Command {
    GET_INFO(0x10),
    GET_CHALLENGE(0x11),
    BIND(0x20),
    RESET(0x21),
    UNLINK_PHONE(0x22),
    SET_TIME(0x23),
    LINK_PHONE(0x24),
    PAYMENT_CODE(0x30),
    SELF_TEST(0x40),
    ERROR_LOG(0x41),
    PAIR_PHONE(0x50),
    UNLOCK(0x51),
    RELEASE_PHONE(0x52);

    private final int code;

    Command(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Command> of(int code) {
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
    }

    /** The state-changing commands, each of which needs an issuer authorisation for this action. */
    public boolean needsAuthorisation() {
        return this == BIND || this == RESET || this == UNLINK_PHONE || this == SET_TIME || this == LINK_PHONE;
    }
}
