package com.payband.sync.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One band binding reported STOLEN or FRAUD, as the backend's revocation list holds it: a band that still holds this
 * binding is refused by every console. Entries are numbered from 1 and chained: each one's hash covers the one
 * before, so a console that has the list up to an entry can check any later part of it against the signed head.
 *
 * @param seq        its number in the list
 * @param bindingId  the binding the band holds
 * @param bandSerial the band
 * @param reason     STOLEN or FRAUD
 * @param revokedAt  when the console that reported it recorded it (ISO-8601 instant)
 * @param hash       SHA-256 over the previous entry's hash and this entry's fields (hex)
 */
public record RevocationEntry(long seq, String bindingId, String bandSerial, String reason, String revokedAt,
        String hash) {

    /** The hash before the first entry. */
    public static final String GENESIS = "0".repeat(64);

    /**
     * The binding id that stands for a band on an imported list of stolen bands (by serial, no binding known): the
     * same in every console and at the backend, so that the list names each such band once.
     */
    public static String importedBindingId(String bandSerial) {
        return java.util.UUID.nameUUIDFromBytes(("payband/imported-revocation/" + bandSerial)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** This entry's hash after {@code previousHash}: what {@link #hash} must be. */
    public String expectedHash(String previousHash) {
        return chain(previousHash, seq, bindingId, bandSerial, reason, revokedAt);
    }

    /** SHA-256 (hex) over the previous hash and the fields, each length-prefixed. */
    public static String chain(String previousHash, long seq, String bindingId, String bandSerial, String reason,
            String revokedAt) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("payband-revocation-v1".getBytes(StandardCharsets.US_ASCII));
            for (String field : new String[] {previousHash, Long.toString(seq), bindingId, bandSerial, reason,
                    revokedAt}) {
                byte[] b = String.valueOf(field).getBytes(StandardCharsets.UTF_8);
                d.update(new byte[] {(byte) (b.length >>> 8), (byte) b.length});
                d.update(b);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
