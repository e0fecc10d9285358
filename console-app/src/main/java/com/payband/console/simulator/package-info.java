/**
 * The simulated world a console runs in without hardware: the band
 * manufacturer's CA, a drawer of sample bands (factory-new, bound to someone else, reported stolen, low
 * battery, counterfeit, flaky, wrong clock, pre-paired by a thief), the phones that talk to them (each
 * customer's, a thief's: each a party with its own key) and the radio they are heard on. Everything made here is
 * marked simulated, down to the outbox.
 */
package com.payband.console.simulator;
