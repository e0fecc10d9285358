package com.payband.console.customer;

import java.util.UUID;

/** No customer has this id. */
public final class NoSuchCustomerException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoSuchCustomerException(UUID id) {
        super("no customer " + id);
    }
}
