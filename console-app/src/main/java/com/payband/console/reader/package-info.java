/**
 * Reading identity documents for the console: which readers are available, and a read as a
 * permissioned, audited operation that returns the document with the result of its checks.
 */
package com.payband.console.reader;
