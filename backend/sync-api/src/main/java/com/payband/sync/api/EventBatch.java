package com.payband.sync.api;

import java.util.List;

/** Events pushed together, oldest first; at most {@link ApiPaths#MAX_EVENTS_PER_BATCH}. */
public record EventBatch(List<SyncEvent> events) {
}
