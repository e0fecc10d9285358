/**
 * The issuer port: the party whose signature bands obey. It signs binding credentials and every
 * state-changing authorisation, makes payment secrets sealed to a band's own key (the console only
 * relays ciphertext), and verifies payment codes against the binding's state. This release ships a
 * simulated issuer with its own keys, kept apart from the console's store; the backend's issuer
 * replaces it without changing enrollment.
 */
package com.payband.console.issuer;
