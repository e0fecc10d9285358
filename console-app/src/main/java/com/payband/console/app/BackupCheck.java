package com.payband.console.app;

import java.nio.file.Path;

/**
 * What a restore check found in a backup: it was unpacked beside the store, opened with the store's key, its audit
 * chain verified and its records counted, then removed. Nothing personal.
 *
 * @param restorable whether the backup opened and its audit chain is intact: a restore from it would succeed
 */
public record BackupCheck(Path file, boolean restorable, long auditEvents, int auditProblems, long customers,
        long bindings, long staffAccounts) {
}
