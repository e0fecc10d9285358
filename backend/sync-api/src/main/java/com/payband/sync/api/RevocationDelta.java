package com.payband.sync.api;

import java.util.List;

/**
 * The entries after the console's cursor ({@link ApiPaths#REVOCATIONS}{@code ?after=N}), at most
 * {@link ApiPaths#MAX_REVOCATIONS_PER_PAGE}, and the list's signed head; {@code more} when the console must ask again
 * after the last entry to reach the head.
 */
public record RevocationDelta(List<RevocationEntry> entries, RevocationHead head, boolean more) {
}
