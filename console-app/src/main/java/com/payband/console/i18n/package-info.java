/** Text shown to people, from the {@code i18n/messages} bundles (English and Simplified Chinese). */
package com.payband.console.i18n;
