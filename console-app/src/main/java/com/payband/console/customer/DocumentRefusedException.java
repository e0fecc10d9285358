package com.payband.console.customer;

import com.payband.drivers.idcard.check.DocumentCheckResult;

/** The document failed a check that refuses it (expired, under age, bad check character...). */
public final class DocumentRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient DocumentCheckResult checks;

    public DocumentRefusedException(DocumentCheckResult checks) {
        super("document refused: " + checks.refusals());
        this.checks = checks;
    }

    public DocumentCheckResult checks() {
        return checks;
    }
}
