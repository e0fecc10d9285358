package com.payband.sync.api;

/**
 * A console asks for the issuer's signature on one band command ({@link ApiPaths#ISSUER_AUTHORISATIONS}).
 *
 * @param action        the band command: BIND, SET_TIME, RESET, LINK_PHONE, UNLINK_PHONE
 * @param bandSerial    the band's serial
 * @param bindingId     the binding the command is for (SET_TIME too: a clock is set only for a binding being made)
 * @param challenge     the band's fresh challenge (base64, 16 bytes): an authorisation is issued once per challenge
 * @param payload       what the command carries after the authorisation (base64); the issuer checks it matches
 *                      the binding and signs its hash
 * @param reason        why (see {@link AuthorisationReason})
 * @param staff         the member of staff asking
 * @param ownerEvidence for the reset of a band deactivated as STOLEN or FRAUD: the re-verified owner's identity
 *                      evidence (base64), else null
 * @param approvedBy    for the same reset: the administrator who approved it at this console in the same session
 *                      (signed in there with their own password; never the member of staff asking), else null
 */
public record AuthorisationRequest(String action, String bandSerial, String bindingId, String challenge, String payload,
        AuthorisationReason reason, String staff, String ownerEvidence,
        String approvedBy) {
}
