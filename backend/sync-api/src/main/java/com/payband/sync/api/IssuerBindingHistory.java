package com.payband.sync.api;

import java.util.List;

/**
 * A binding's state changes as the issuer recorded them, from every store ({@link ApiPaths#ISSUER_BINDINGS} +
 * {@code /{id}/history}), oldest first: who asked, when, why, from which store, and whether it moved the binding.
 */
public record IssuerBindingHistory(String bindingId, List<Step> steps) {

    /**
     * One recorded change.
     *
     * @param applied whether it moved the issuer's binding (another store's event about a binding not its own, or a
     *                change after the binding ended, is recorded and not applied)
     */
    public record Step(String occurredAt, String fromState, String toState, String reason, String staff, String store,
            boolean applied) {
    }
}
