/**
 * Checks of identity documents, in one place: the ID-number and MRZ check characters, and the
 * acceptance rules ({@link com.payband.drivers.idcard.check.DocumentCheck}) that enrolment applies to
 * whatever a reader delivered.
 *
 * <p>Depends on the reader port ({@code com.payband.drivers.idcard}) and the JDK only; the port never
 * depends on this package.
 */
package com.payband.drivers.idcard.check;
