/** Store-wide settings that administrators change (minimum age, idle lock...), audited. */
package com.payband.console.settings;
