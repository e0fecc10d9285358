/**
 * What support agents do to bindings: suspend a lost band, take a found one back into use after
 * re-verifying its owner, deactivate for good. Each step is permissioned, recorded in the binding's
 * history, audited and queued for the backend in one transaction.
 */
package com.payband.console.lifecycle;
