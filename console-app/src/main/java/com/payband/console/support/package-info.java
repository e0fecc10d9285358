/**
 * The support desk's work on bands already sold: a lost band found again, a recovered band reset to factory state so
 * that it can be sold again. Reports of lost and stolen bands are lifecycle transitions ({@code lifecycle}).
 */
package com.payband.console.support;
