package com.payband.drivers.idcard.pcsc;

import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.check.MrzKeyEntry;
import com.payband.drivers.idcard.pcsc.sim.ChipVariant;
import com.payband.drivers.idcard.pcsc.sim.EmrtdPki;
import com.payband.drivers.idcard.pcsc.sim.PassportApplet;
import com.payband.drivers.idcard.pcsc.sim.PassportChip;
import com.payband.drivers.idcard.pcsc.sim.PassportHolder;
import com.payband.drivers.idcard.pcsc.sim.VirtualCard;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Virtual passports for the real-stack tests: one test PKI, cards put on and taken off vpcd readers. */
final class VirtualPassports implements AutoCloseable {

    static final EmrtdPki PKI = EmrtdPki.create("UT", Instant.now());

    private final List<VirtualCard> cards = new ArrayList<>();
    private final PcscReaders readers;

    /** @param readers what tells when pcscd has seen a card come or go */
    VirtualPassports(PcscReaders readers) {
        this.readers = readers;
    }

    static PassportHolder anna() {
        return PassportHolder.specimen(LocalDate.now());
    }

    static PassportHolder other() {
        return new PassportHolder("UTO", "SVENSSON", "KARL", "X12345678", "UTO", LocalDate.of(1990, 1, 31),
                com.payband.drivers.idcard.Sex.MALE, LocalDate.now().plusYears(7));
    }

    static MrzAccessKey keyOf(PassportHolder holder) {
        return MrzKeyEntry.check(holder.mrz(), LocalDate.now()).key().orElseThrow();
    }

    /** Puts a new card on reader {@code index} and waits until vpcd holds it. */
    VirtualCard insert(int index, PassportHolder holder, ChipVariant variant) {
        return insert(index, holder, variant, Portrait.Format.JPEG);
    }

    VirtualCard insert(int index, PassportHolder holder, ChipVariant variant, Portrait.Format face) {
        return insert(index, PassportChip.issue(PKI, holder, variant, face));
    }

    /** Puts a card with this chip (of any PKI) on reader {@code index} and waits until vpcd holds it. */
    VirtualCard insert(int index, PassportChip chip) {
        VirtualCard card = new VirtualCard(new PassportApplet(chip), index);
        cards.add(card);
        try {
            if (!card.insertAndWait(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("vpcd did not take the virtual card on reader " + index);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return card;
    }

    /** Waits until the watcher sees a card on (or off) the reader. */
    static void awaitCard(PcscReaders readers, String reader, boolean present) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            readers.refresh();
            if (readers.list().stream().anyMatch(r -> r.name().equals(reader) && r.cardPresent() == present)) {
                return;
            }
            Pcscd.sleep(50);
        }
        throw new AssertionError("pcscd did not see the card " + (present ? "arrive on " : "leave ") + reader);
    }

    /** Takes the card off its reader and waits until pcscd has seen it go. */
    void remove(VirtualCard card) {
        card.remove();
        awaitCard(readers, card.port() == VirtualCard.BASE_PORT ? Pcscd.READER_0 : Pcscd.READER_1, false);
    }

    /**
     * Takes every card off and waits until pcscd has seen them go: otherwise the next test's card could
     * be taken for the one still registered (vpcd notices a departure only at pcscd's next poll).
     */
    @Override
    public void close() {
        cards.stream().filter(VirtualCard::isInserted).forEach(this::remove);
        cards.clear();
    }
}
