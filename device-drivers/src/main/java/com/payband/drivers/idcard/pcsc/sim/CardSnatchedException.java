package com.payband.drivers.idcard.pcsc.sim;

/** Thrown by an applet to leave the reader without answering: the test's "card pulled away mid-read". */
public final class CardSnatchedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CardSnatchedException() {
        super("card taken off the reader", null, false, false);
    }
}
