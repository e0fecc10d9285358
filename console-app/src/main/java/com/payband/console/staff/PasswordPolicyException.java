package com.payband.console.staff;

import java.util.List;

/** A new password that does not meet {@link PasswordPolicy}. */
public final class PasswordPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<PasswordPolicy.Violation> violations;

    public PasswordPolicyException(List<PasswordPolicy.Violation> violations) {
        super("password policy: " + violations);
        this.violations = List.copyOf(violations);
    }

    public List<PasswordPolicy.Violation> violations() {
        return violations;
    }
}
