package com.payband.drivers.band.sim;

/** Faults a simulated band can be told to show once, for demos, training and tests. */
public enum BandFault {
    /** The link drops when BIND arrives, before the band applies it (the band stays FACTORY). */
    DROP_LINK_BEFORE_BIND,
    /** The link drops after the band applied BIND, before its acknowledgement leaves (band BOUND, console unsure). */
    DROP_LINK_AFTER_BIND,
    /** The band answers one record with garbage: the console must notice and give up the session. */
    GARBLED_RESPONSE,
    /**
     * Tampered firmware: the next BIND links a phone key of its own instead of the credential's (and says
     * so, under its device key). The console must refuse the binding and reset the band.
     */
    LINKS_FOREIGN_PHONE,
    /** The link drops when an authorised RESET arrives, before the band applies it (the band stays BOUND). */
    DROP_LINK_BEFORE_RESET,
    /** The link drops after the band applied RESET, before its answer leaves (band factory-new, console unsure). */
    DROP_LINK_AFTER_RESET
}
