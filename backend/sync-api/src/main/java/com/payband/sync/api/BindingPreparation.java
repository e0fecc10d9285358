package com.payband.sync.api;

/**
 * A console asks the issuer for a new binding's credential and sealed payment secret ({@link ApiPaths#ISSUER_BINDINGS}).
 * Binary fields are base64.
 *
 * @param bindingId        the binding the console recorded PENDING
 * @param bandSerial       the band's serial, as its attestation proved it
 * @param devicePublicKey  the band's attested device key (65-byte P-256 point): the payment secret is sealed to it
 * @param identityEvidence what identifies the owner; the issuer keeps only a MAC of it under its own key and
 *                         compares a reset's evidence with that
 * @param phoneKey         the owner's phone key, signed into the credential
 * @param staff            the member of staff enrolling
 * @param simulated        a simulated band (the backend takes these only when it is set to)
 */
public record BindingPreparation(String bindingId, String bandSerial, String devicePublicKey, String identityEvidence,
        String phoneKey, String staff, boolean simulated) {
}
