/**
 * The simulated world a console runs in without hardware: the simulated issuer, the band
 * manufacturer's CA, a drawer of sample bands (factory-new, bound to someone else, reported stolen, low
 * battery, counterfeit, flaky, wrong clock) and the radio they are heard on. Everything made here is
 * marked simulated, down to the outbox.
 */
package com.payband.console.simulator;
