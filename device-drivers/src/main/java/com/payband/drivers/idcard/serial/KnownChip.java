package com.payband.drivers.idcard.serial;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * USB-serial chips that GA/T 467 readers are built with. A port on one of them is tried first. To
 * support a reader model on another chip, add the chip here (vendor id, product ids, the words its
 * driver puts in port descriptions) and a ranking test with the description the new model shows.
 */
public enum KnownChip {
    /** WCH CH340 (and CH341 in serial mode): the commonest chip in Chinese desk readers. */
    WCH_CH340("WCH CH340/CH341", 0x1A86, List.of(0x7523, 0x5523), List.of("CH340", "CH341")),
    /** Silicon Labs CP2102/CP2104 (CP210x family). */
    SILABS_CP210X("Silicon Labs CP210x", 0x10C4, List.of(0xEA60), List.of("CP210", "CP2102", "CP2104")),
    /** Prolific PL2303. */
    PROLIFIC_PL2303("Prolific PL2303", 0x067B, List.of(0x2303), List.of("PL2303", "PROLIFIC"));

    private final String displayName;
    private final int vendorId;
    private final List<Integer> productIds;
    private final List<String> descriptionWords;

    KnownChip(String displayName, int vendorId, List<Integer> productIds, List<String> descriptionWords) {
        this.displayName = displayName;
        this.vendorId = vendorId;
        this.productIds = productIds;
        this.descriptionWords = descriptionWords;
    }

    public String displayName() {
        return displayName;
    }

    public int vendorId() {
        return vendorId;
    }

    public List<Integer> productIds() {
        return productIds;
    }

    /** The chip a port is on: by USB ids when the system reports them, else by words in its description. */
    public static Optional<KnownChip> of(PortCandidate port) {
        if (port.vendorId() >= 0 && port.productId() >= 0) {
            Optional<KnownChip> byId = Arrays.stream(values())
                    .filter(c -> c.vendorId == port.vendorId() && c.productIds.contains(port.productId()))
                    .findFirst();
            if (byId.isPresent()) {
                return byId;
            }
        }
        String description = port.description().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(c -> c.descriptionWords.stream().anyMatch(description::contains))
                .findFirst();
    }
}
