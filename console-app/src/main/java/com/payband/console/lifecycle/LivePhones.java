package com.payband.console.lifecycle;

import com.payband.console.binding.BindingState;
import com.payband.console.store.Database;
import com.payband.band.protocol.PhoneFingerprint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which customer each phone of a live binding belongs to, read from the store once and then kept in
 * memory: the enrollment's phone step asks it for every customer (a query would be most of that step),
 * and a new binding checks and records its phone under its lock. Only this process writes the store
 * (the folder lock keeps every other out), so the map follows the writes: a new binding adds its phone,
 * and a binding that ends empties the map, which the next question fills again from the store.
 */
final class LivePhones {

    private final Database database;
    private Map<String, UUID> owners;

    LivePhones(Database database) {
        this.database = database;
    }

    synchronized Optional<UUID> ownerOf(PhoneFingerprint phone) {
        if (owners == null) {
            owners = load();
        }
        return Optional.ofNullable(owners.get(phone.hex()));
    }

    synchronized void linked(PhoneFingerprint phone, UUID customerId) {
        if (owners != null) {
            owners.put(phone.hex(), customerId);
        }
    }

    /** A binding ended (or anything else that may free a phone): the next question reads the store again. */
    synchronized void forget() {
        owners = null;
    }

    private Map<String, UUID> load() {
        Map<String, UUID> found = new HashMap<>();
        database.inTransaction(s -> s.createSelectionQuery("select b.phoneFingerprint, b.customerId from Binding b"
                        + " where b.phoneFingerprint is not null and b.state <> :failed and b.state <> :deactivated",
                        Object[].class)
                .setParameter("failed", BindingState.FAILED)
                .setParameter("deactivated", BindingState.DEACTIVATED)
                .getResultList()).forEach(row -> found.put((String) row[0], (UUID) row[1]));
        return found;
    }
}
