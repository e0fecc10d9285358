/**
 * The project's virtual eMRTD: a passport chip (ICAO 9303 LDS files built with JMRTD, signed by a test
 * CSCA and document signer made with BouncyCastle; tampered and forged variants) behind the ICAO
 * application's BAC and secure messaging, lying on a vsmartcard vpcd reader of a real pcscd. A product
 * feature like the ID-card simulator (demos, training: {@code VirtualPassportMain}) and the test peer
 * of the PC/SC driver, which it meets only through pcscd.
 *
 * <p>Depends on the reader port's types, {@code idcard.check}, JMRTD (LDS classes) and BouncyCastle.
 */
package com.payband.drivers.idcard.pcsc.sim;
