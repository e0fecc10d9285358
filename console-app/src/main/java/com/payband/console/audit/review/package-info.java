/** What auditors and administrators do with the trail: read, filter, verify, export. Permissioned and audited. */
package com.payband.console.audit.review;
