package com.payband.sync.api;

import java.util.List;

/**
 * Events pushed together, oldest first; at most {@link ApiPaths#MAX_EVENTS_PER_BATCH}.
 *
 * @param auditHead the console's audit chain head at the push, anchored at the backend (null: not sent)
 */
public record EventBatch(List<SyncEvent> events, AuditHead auditHead) {
}
