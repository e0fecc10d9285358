package com.payband.drivers.idcard.pcsc;

import java.util.Objects;

/** The PC/SC service cannot be reached; {@link #health()} says whether starting it or restarting the console helps. */
public final class PcscServiceException extends Exception {

    private static final long serialVersionUID = 1L;

    private final PcscContext.Health health;

    public PcscServiceException(PcscContext.Health health, String detail) {
        super(detail);
        this.health = Objects.requireNonNull(health, "health");
    }

    public PcscServiceException(PcscContext.Health health, String detail, Throwable cause) {
        super(detail, cause);
        this.health = Objects.requireNonNull(health, "health");
    }

    public PcscContext.Health health() {
        return health;
    }
}
