package com.payband.console.lifecycle;

/**
 * The phone is linked to a live binding of another customer: one phone unlocks one person's bands, else
 * one person could pay as another.
 */
public final class PhoneOfAnotherCustomerException extends Exception {
    private static final long serialVersionUID = 1L;

    public PhoneOfAnotherCustomerException(String phone) {
        super("phone " + phone + " unlocks another customer's band");
    }
}
