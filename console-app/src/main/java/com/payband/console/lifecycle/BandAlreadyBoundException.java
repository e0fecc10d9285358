package com.payband.console.lifecycle;

/** The band has a live binding: it must be released (deactivated, or the bind rolled back) first. */
public final class BandAlreadyBoundException extends Exception {
    private static final long serialVersionUID = 1L;

    public BandAlreadyBoundException(String serial) {
        super("band " + serial + " is bound");
    }
}
