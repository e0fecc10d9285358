/**
 * The identity-document reader port ({@link com.payband.drivers.idcard.IdCardReader}) and what it
 * delivers ({@link com.payband.drivers.idcard.IdDocument}). Real readers (GA/T 467 serial, PC/SC
 * ICAO 9303) and the simulator live in sub-packages and all implement the same interface; the
 * acceptance rules for what they deliver live in {@code check}. This package depends on none of them.
 */
package com.payband.drivers.idcard;
