package com.payband.console.lifecycle;

import java.util.UUID;

/** No binding has this id. */
public final class NoSuchBindingException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoSuchBindingException(UUID id) {
        super("no binding " + id);
    }
}
