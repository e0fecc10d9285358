/** Oversight: what auditors and administrators do with the audit trail: read, filter, verify, export. Permissioned and audited. */
package com.payband.console.oversight;
