package com.payband.console.app;

import java.nio.file.Path;

/** What {@code db stats} shows. */
public record StoreStats(Path dataFolder, String storeId, long staffAccounts, long customers, long identityDocuments,
        long bands, long bindings, long auditEvents, long outboxPending, long databaseBytes, long dataFolderBytes,
        String schemaVersion) {
}
