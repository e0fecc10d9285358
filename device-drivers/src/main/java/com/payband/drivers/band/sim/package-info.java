/**
 * The band simulator, a product feature (demo mode, training, tests) built to behave like the firmware
 * and the radio: bands that keep their state across restarts, a manufacturer CA, a radio with MTU,
 * connection interval and link loss, and phones (the owner's, a thief's) as parties with their own keys.
 */
package com.payband.drivers.band.sim;
