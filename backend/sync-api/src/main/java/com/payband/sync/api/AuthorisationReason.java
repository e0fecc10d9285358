package com.payband.sync.api;

/** Why a console asks for a band authorisation: the issuer's policy allows each action for some reasons only. */
public enum AuthorisationReason {
    /** BIND and SET_TIME while enrolling. */
    ENROLLMENT,
    /** RESET of a band that linked another phone than the customer's during its own enrollment. */
    PHONE_MISMATCH,
    /** RESET of a recovered band whose binding is over (deactivated), so that it can be sold or bound again. */
    BAND_RECOVERED,
    /** UNLINK_PHONE and LINK_PHONE when the owner changes phones. */
    PHONE_REPLACED
}
