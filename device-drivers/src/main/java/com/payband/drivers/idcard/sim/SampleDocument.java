package com.payband.drivers.idcard.sim;

import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.TravelDocument;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A named document the simulator can place on its reader. Its dates are computed from a clock's
 * today, so a card that is "expired three months ago" stays so whenever the demo runs.
 */
public final class SampleDocument {

    private final String id;
    private final String description;
    private final boolean chipGenuine;
    private final Function<Clock, IdDocument> builder;

    SampleDocument(String id, String description, boolean chipGenuine, Function<Clock, IdDocument> builder) {
        this.id = Objects.requireNonNull(id, "id");
        this.description = Objects.requireNonNull(description, "description");
        this.chipGenuine = chipGenuine;
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /** The name staff and scripts use, e.g. {@code zhang-wei}. */
    public String id() {
        return id;
    }

    /** One line in English for listings such as {@code --help}; says what the sample shows, not who. */
    public String description() {
        return description;
    }

    /** False for a sample whose chip fails authentication: reading it fails, there is no document. */
    public boolean chipGenuine() {
        return chipGenuine;
    }

    /** The document as a reader would deliver it on the clock's today; always marked simulated. */
    public IdDocument document(Clock clock) {
        return builder.apply(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * For a travel document, the key from the MRZ printed on its data page, which an operator would
     * type or scan before the chip can be read; empty for a resident card, which needs none.
     */
    public Optional<MrzAccessKey> accessKey(Clock clock) {
        return document(clock) instanceof TravelDocument travel
                ? Optional.of(new MrzAccessKey(travel.documentNumber(), travel.birthDate(), travel.expiryDate()))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return "SampleDocument[" + id + "]";
    }
}
