/**
 * The issuer port: the party whose signature bands obey. It signs binding credentials and every
 * state-changing authorisation, makes payment secrets sealed to a band's own key (the console only
 * relays ciphertext), and verifies payment codes against the binding's state. It is the backend's
 * ({@code sync.BackendIssuer}): the console holds no issuer key, and one registered with no backend binds
 * nothing (its enrollments wait in the queue until an administrator registers it).
 */
package com.payband.console.issuer;
