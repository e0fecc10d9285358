/**
 * Enrollment: a verified customer's band is found, attested, checked (not counterfeit, not bound to
 * anyone, not reported stolen, battery), bound through the issuer, confirmed with the band's signed
 * proof, and its first payment code verified. A bind is never half-done: a dropped link or a crash is
 * reconciled with the band and the issuer at the next contact (confirmed or rolled back to FAILED).
 */
package com.payband.console.enrollment;
