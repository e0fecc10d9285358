/**
 * The simulated identity-document reader: a product feature for demo mode, staff training and
 * tests, not a test double. It implements the same port as the hardware drivers, with realistic
 * latencies, events and failures, and named sample documents that never go stale.
 *
 * <p>Depends on the reader port and on {@code com.payband.drivers.idcard.check} (to give its sample
 * numbers correct check characters); the port never depends on this package.
 */
package com.payband.drivers.idcard.sim;
