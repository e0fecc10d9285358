/**
 * The consent a customer accepts before a band is bound to them: its wording (versioned, in each
 * language the console speaks, as resources {@code consent/consent_<locale>.txt}) and the record that
 * they accepted it. The record names the customer by internal id only, with the text's version and
 * language, the time and the member of staff: no personal data. Depends on customer, staff, audit,
 * store and i18n.
 */
package com.payband.console.consent;
