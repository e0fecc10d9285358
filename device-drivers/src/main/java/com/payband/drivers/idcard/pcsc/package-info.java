/**
 * The PC/SC driver for ICAO 9303 documents (passports, eID cards) on {@code javax.smartcardio} and
 * JMRTD: {@link com.payband.drivers.idcard.pcsc.PcscReaders} (the readers, their live card status and
 * events), {@link com.payband.drivers.idcard.pcsc.PcscIdCardReader} (BAC/PACE, DG1, DG2, EF.SOD),
 * {@link com.payband.drivers.idcard.pcsc.PassiveAuthenticator} with its
 * {@link com.payband.drivers.idcard.pcsc.CscaTrustList} (BouncyCastle), and
 * {@link com.payband.drivers.idcard.pcsc.PcscContext} (the JVM's PC/SC context, renewed after the
 * service restarts).
 *
 * <p>Depends on the reader port, {@code idcard.check} (MRZ dates), JMRTD/scuba, BouncyCastle and SLF4J;
 * never on its simulator ({@code pcsc.sim}), which the port and this package do not know.
 */
package com.payband.drivers.idcard.pcsc;
