package com.payband.drivers.idcard.pcsc;

import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import java.util.Objects;

/**
 * A PC/SC reader as the watcher last saw it: what Settings lists, with live card status.
 *
 * @param name        the PC/SC reader name, what {@link PcscReaders#open(String)} takes
 * @param cardPresent whether a card lies on it
 */
public record PcscReaderStatus(String name, ReaderInfo info, boolean cardPresent) {

    /** Reader ids are {@code pcsc:<PC/SC name>}. */
    public static final String ID_PREFIX = "pcsc:";

    public PcscReaderStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(info, "info");
    }

    /**
     * The reader's identity. vsmartcard's virtual readers ("Virtual PCD ...") are marked simulated, so
     * that the console shows its SIMULATOR marking for them.
     */
    public static ReaderInfo infoFor(String name) {
        return new ReaderInfo(ID_PREFIX + name, name, ReaderKind.PCSC, name.startsWith("Virtual PCD"));
    }
}
