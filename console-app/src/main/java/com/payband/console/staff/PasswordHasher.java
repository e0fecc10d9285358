package com.payband.console.staff;

import com.payband.console.crypto.Argon2id;
import com.payband.console.crypto.KeyedHash;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=65536,t=3,p=1$salt$hash}), so that the cost can be raised later and old
 * hashes still verify.
 */
public final class PasswordHasher {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Argon2id cost;
    private final SecureRandom random = new SecureRandom();
    /** Verified against when the account does not exist, so that timing does not tell which names exist. */
    private volatile String decoy;

    public PasswordHasher(Argon2id cost) {
        this.cost = cost;
    }

    public String hash(char[] password) {
        byte[] salt = Argon2id.newSalt(random);
        byte[] hash = cost.derive(password, salt, 32);
        return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    public boolean verify(char[] password, String encoded) {
        Optional<Parsed> parsed = parse(encoded);
        if (parsed.isEmpty()) {
            return false;
        }
        Parsed p = parsed.get();
        byte[] actual = p.cost.derive(password, p.salt, p.hash.length);
        return KeyedHash.equal(actual, p.hash);
    }

    /** Burns the same time as a real check, for unknown accounts. */
    public void verifyDecoy(char[] password) {
        if (decoy == null) {
            decoy = hash("decoy password that matches nothing".toCharArray());
        }
        verify(password, decoy);
    }

    /**
     * Whether a stored hash was made at another cost than today's and should be re-hashed at the next
     * sign-in: weaker ones to bring them up, stronger ones too, so that every account's check takes the
     * same time as the decoy's (a slower check would tell an old account from an unknown name).
     */
    public boolean needsRehash(String encoded) {
        return parse(encoded).map(p -> !p.cost.equals(cost)).orElse(true);
    }

    private static Optional<Parsed> parse(String encoded) {
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Argon2id cost = new Argon2id(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            return Optional.of(new Parsed(cost, B64D.decode(m.group(4)), B64D.decode(m.group(5))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private record Parsed(Argon2id cost, byte[] salt, byte[] hash) {
    }
}
