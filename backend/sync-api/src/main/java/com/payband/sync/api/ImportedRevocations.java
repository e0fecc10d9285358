package com.payband.sync.api;

import java.util.List;

/**
 * Bands from a list of stolen bands a console imported (the provider's, the police's): by serial, no binding known.
 * The backend puts each on its revocation list once ({@link RevocationEntry#importedBindingId}), so that every store
 * marks and refuses it after its next sync ({@link ApiPaths#REVOCATIONS_IMPORTED}).
 *
 * @param list  the imported file's name (kept in the backend's log)
 * @param bands at most {@link ApiPaths#MAX_IMPORTED_PER_REQUEST}
 */
public record ImportedRevocations(String list, List<Band> bands) {

    /** One band: its serial, and STOLEN or FRAUD. */
    public record Band(String bandSerial, String reason) {
    }

    /** What the backend did: bands added to its list, and bands it listed already. */
    public record Result(int added, int alreadyListed) {
    }
}
