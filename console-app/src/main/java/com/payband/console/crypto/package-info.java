/**
 * The store's keys and the primitives that use them, all on BouncyCastle's lightweight API (no JCE
 * provider registration, so a shaded jar works): AES-GCM for personal data, HMAC-SHA256 keyed
 * lookups ("blind indexes"), HKDF to derive one key per purpose from the data key, and Argon2id.
 *
 * <p>The data key itself never touches the disk in clear: a {@link com.payband.console.crypto.KeyProtection}
 * wraps it with the operating system's credential store or an administrator's passphrase.
 */
package com.payband.console.crypto;
