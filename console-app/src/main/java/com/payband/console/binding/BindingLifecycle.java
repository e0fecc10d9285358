package com.payband.console.binding;

import static com.payband.console.binding.BindingState.*;
import static com.payband.console.binding.ReasonCode.*;

import java.util.List;
import java.util.Optional;

/**
 * The binding lifecycle as one table: (from, reason) → to. Anything not in the table is refused.
 * {@code src/docs/lifecycle.md} shows the same table and a test keeps the two equal.
 */
public final class BindingLifecycle {

    /** One allowed transition. */
    public record Transition(BindingState from, ReasonCode reason, BindingState to, boolean requiresOwnerVerification) {
    }

    public static final List<Transition> TABLE = List.of(
            new Transition(PENDING, BIND_CONFIRMED, ACTIVE, false),
            new Transition(PENDING, BIND_ROLLED_BACK, FAILED, false),
            new Transition(ACTIVE, LOST, SUSPENDED, false),
            new Transition(SUSPENDED, FOUND, ACTIVE, true),
            new Transition(ACTIVE, STOLEN, DEACTIVATED, false),
            new Transition(ACTIVE, FRAUD, DEACTIVATED, false),
            new Transition(ACTIVE, CUSTOMER_REQUEST, DEACTIVATED, false),
            new Transition(ACTIVE, DAMAGED, DEACTIVATED, false),
            new Transition(ACTIVE, REPLACED, DEACTIVATED, false),
            new Transition(SUSPENDED, STOLEN, DEACTIVATED, false),
            new Transition(SUSPENDED, FRAUD, DEACTIVATED, false),
            new Transition(SUSPENDED, CUSTOMER_REQUEST, DEACTIVATED, false),
            new Transition(SUSPENDED, DAMAGED, DEACTIVATED, false),
            new Transition(SUSPENDED, REPLACED, DEACTIVATED, false));

    private BindingLifecycle() {
    }

    public static Optional<Transition> find(BindingState from, ReasonCode reason) {
        return TABLE.stream().filter(t -> t.from() == from && t.reason() == reason).findFirst();
    }

    /** The reasons that may be given in a state: what a support agent is offered. */
    public static List<ReasonCode> reasonsFrom(BindingState from) {
        return TABLE.stream().filter(t -> t.from() == from).map(Transition::reason).toList();
    }
}
