/**
 * The simulated GA/T 467 reader on a serial line: a product feature (demos, staff training, and the
 * test peer of the serial driver), not a test double. {@link com.payband.drivers.idcard.serial.sim.SimulatedSam}
 * answers the protocol's commands for the simulator's sample cards;
 * {@link com.payband.drivers.idcard.serial.sim.SerialReaderSimulator} speaks it byte for byte over a
 * serial port or the far end of a socat pty pair, at a modelled line speed, with injected faults;
 * {@link com.payband.drivers.idcard.serial.sim.SerialReaderSimulatorMain} runs it as a process.
 *
 * <p>Depends on the serial package (frames, commands, text encoding) and the sample documents of
 * {@code idcard.sim}; nothing in the driver depends on it.
 */
package com.payband.drivers.idcard.serial.sim;
