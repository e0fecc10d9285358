package com.payband.sync.api;

/**
 * A binding as the issuer has it: its state (PENDING until the console's confirmation reaches it by sync, then what
 * the console's lifecycle events made it) and the console that prepared it.
 */
public record IssuerBinding(String bindingId, String bandSerial, String state, String consoleId) {
}
