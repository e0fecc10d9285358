package com.payband.sync.api;

import java.util.List;

/** One result per event of the batch, in the batch's order. */
public record EventBatchResult(List<EventResult> results) {
}
