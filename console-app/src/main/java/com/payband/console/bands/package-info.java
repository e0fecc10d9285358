/**
 * Reaching bands: the radio (real or simulated) with the manufacturer CAs the console trusts, scanning
 * with live results, and attested connections; and what staff may ask of a band without binding it.
 */
package com.payband.console.bands;
