package com.payband.console.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106), the memory-hard function for staff passwords and key-wrapping passphrases.
 *
 * @param memoryKiB   memory cost in KiB
 * @param iterations  time cost
 * @param parallelism lanes
 */
public record Argon2id(int memoryKiB, int iterations, int parallelism) {

    /** OWASP's floor (19 MiB, t=2); nothing weaker is ever accepted, whatever the configuration. */
    public static final Argon2id MINIMUM = new Argon2id(19 * 1024, 2, 1);

    /**
     * Staff passwords: above OWASP's recommendation (19 MiB, t=2) and checked at every sign-in, where it is
     * most of the wait for the home screen (goal 300 ms): ~80 ms here (64 MiB, t=3 took ~250 ms). Online
     * guessing is limited by the lock-out after five failures, not by this cost.
     */
    public static final Argon2id PASSWORDS = new Argon2id(32 * 1024, 2, 1);

    /** Passphrases that wrap the data key: entered once per start, and guard everything (about a second here). */
    public static final Argon2id PASSPHRASES = new Argon2id(128 * 1024, 3, 1);

    /**
     * Argon2's 1 KiB blocks, kept between runs up to a staff password's worth (BouncyCastle clears a block
     * before it comes back): a sign-in then does not allocate, and the collector copy, 32 MiB of live
     * blocks (measured: the first run in a JVM 450 -> 200 ms, the second 110 -> 75 ms).
     */
    private static final class Blocks {
        // in a holder: BouncyCastle's classes (a signed jar, checked when first opened) load at the first
        // derivation, not with the window's context before its first frame
        static final Argon2BytesGenerator.BlockPool POOL = new Argon2BytesGenerator.FixedBlockPool(PASSWORDS.memoryKiB());
    }

    public Argon2id {
        if (memoryKiB < MINIMUM_MEMORY || iterations < 1 || parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2id parameters out of range");
        }
    }

    private static final int MINIMUM_MEMORY = 8 * 1024;

    /** Whether these parameters are at least as strong as OWASP's minimum. */
    public boolean meetsMinimum() {
        return memoryKiB >= MINIMUM.memoryKiB && iterations >= MINIMUM.iterations;
    }

    public byte[] derive(char[] secret, byte[] salt, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .withBlockPool(Blocks.POOL)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(secret));
        byte[] secretBytes = new byte[encoded.remaining()];
        encoded.get(secretBytes);
        try {
            generator.generateBytes(secretBytes, out, 0, out.length);
        } finally {
            java.util.Arrays.fill(secretBytes, (byte) 0);
            if (encoded.hasArray()) {
                java.util.Arrays.fill(encoded.array(), (byte) 0);
            }
        }
        return out;
    }

    public static byte[] newSalt(SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return salt;
    }
}
