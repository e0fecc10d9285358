package com.payband.console.customer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What identifies a band's owner to the issuer, derived from the identity document itself so that every store
 * derives the same evidence from the same person's card (a stolen band recovered in another store is reset there with
 * the owner's card read again). The issuer keeps only a keyed MAC of it. Stable across a renewed card: the document
 * number and birth date, not the card's dates.
 */
public final class OwnerEvidence {

    private OwnerEvidence() {
    }

    public static byte[] of(Identity identity) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String field : new String[] {"payband-owner-v2", identity.documentType().name(),
                identity.issuingState().orElse(""), DocumentNumbers.normalise(identity.documentNumber()),
                identity.birthDate().toString()}) {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                sha.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
                    (byte) b.length});
                sha.update(b);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
