package com.payband.console.audit;

import java.util.Objects;

/**
 * What an event is about, by internal id only (a customer's UUID, a band's serial, a staff handle),
 * never by name or document number.
 */
public record Target(String type, String id) {

    public Target {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static Target customer(java.util.UUID id) {
        return new Target("customer", id.toString());
    }

    public static Target staff(String username) {
        return new Target("staff", username);
    }

    public static Target band(String serial) {
        return new Target("band", serial);
    }

    public static Target binding(java.util.UUID id) {
        return new Target("binding", id.toString());
    }

    /** A reader by its id; a long device path keeps its last 63 characters (the column holds 64). */
    public static Target reader(String readerId) {
        return new Target("reader", readerId.length() <= 64 ? readerId : "…" + readerId.substring(readerId.length() - 63));
    }

    public static Target store(String storeId) {
        return new Target("store", storeId);
    }
}
