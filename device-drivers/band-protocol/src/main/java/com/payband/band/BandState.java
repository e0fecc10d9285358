package com.payband.band;

/** A band's own state (not the console's binding state): it changes only by issuer-signed BIND and RESET. */
public enum BandState {
    FACTORY,
    BOUND
}
