/**
 * The composition root: opens (or creates) the store in a data folder — lock, key, database, audit
 * trail — and wires the feature services on it. The command line and the UI both start here.
 */
package com.payband.console.app;
