/**
 * The band protocol of {@code src/docs/band-gatt-profile.md}: framing, attestation, the session,
 * commands, issuer authorisations, binding credentials, sealed payment secrets and payment codes. Both
 * the console's client and the band simulator use these classes, so the two cannot drift apart.
 */
package com.payband.band.protocol;
