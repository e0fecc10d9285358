/**
 * Customers and the identity documents that verified them. Names and document numbers are stored only
 * encrypted (AES-GCM) and found through keyed hashes (exact match); revealing them is permissioned
 * and audited.
 */
package com.payband.console.customer;
