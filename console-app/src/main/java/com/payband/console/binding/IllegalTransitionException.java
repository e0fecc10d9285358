package com.payband.console.binding;

/** A transition the lifecycle table does not allow, or one whose precondition is not met. */
public final class IllegalTransitionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final BindingState from;
    private final ReasonCode reason;

    public IllegalTransitionException(BindingState from, ReasonCode reason, String why) {
        super(from + " --" + reason + "--> refused: " + why);
        this.from = from;
        this.reason = reason;
    }

    public BindingState from() {
        return from;
    }

    public ReasonCode reason() {
        return reason;
    }
}
