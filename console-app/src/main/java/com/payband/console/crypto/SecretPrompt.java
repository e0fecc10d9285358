package com.payband.console.crypto;

/**
 * Asks a person for a secret: the command line prompts on the terminal or reads the environment, the
 * UI shows a dialog. Returns null when nobody can answer (no terminal, no variable).
 */
@FunctionalInterface
public interface SecretPrompt {

    enum Kind {
        /** The passphrase that unlocks an existing store. */
        STORE_PASSPHRASE,
        /** A new store passphrase, chosen by the administrator (implementations ask twice). */
        NEW_STORE_PASSPHRASE,
        /** The passphrase of a key-recovery file. */
        RECOVERY_PASSPHRASE,
        /** A new recovery-file passphrase (asked twice). */
        NEW_RECOVERY_PASSPHRASE
    }

    char[] ask(Kind kind);
}
