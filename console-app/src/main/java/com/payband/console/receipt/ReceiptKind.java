package com.payband.console.receipt;

/** What a receipt is for; each kind has its title and note in the messages ({@code receipt.title.<kind>}). */
public enum ReceiptKind {
    /** A band bound to a customer. */
    ENROLLMENT,
    /** A band reported lost (its binding suspended). */
    LOST,
    /** A band reported stolen (its binding deactivated, the band refused everywhere). */
    STOLEN,
    /** A band deactivated for another reason than theft (the customer's request, damaged, replaced). */
    DEACTIVATED,
    /** A new band bound in place of one lost, stolen or damaged. */
    REPLACEMENT,
    /** A band reported lost, found and back in use for its re-verified owner. */
    FOUND,
    /** A recovered band reset to factory state, its owner re-verified at the desk. */
    RESET,
    /** The owner's new phone linked to their band, the old one unlinked. */
    PHONE_CHANGED
}
