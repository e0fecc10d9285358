package com.payband.drivers.idcard.pcsc;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.MrzAccessKey;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.TravelDocument;
import com.payband.drivers.idcard.pcsc.sim.ChipVariant;
import com.payband.drivers.idcard.pcsc.sim.PassportApplet;
import com.payband.drivers.idcard.pcsc.sim.PassportChip;
import com.payband.drivers.idcard.pcsc.sim.PassportHolder;
import com.payband.drivers.idcard.pcsc.sim.VirtualCard;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shop's worst minute, in a JVM of its own (PcscStressTest starts it, so that a native crash is seen as this
 * process dying, not as the test JVM dying): on both vpcd readers at once, reads while the watcher polls every
 * 10 ms; during each read, at a random moment, nothing, the card taken off, another program's card attached to
 * the same vpcd port, the two swapped (vpcd hands the read the queued card), the read cancelled, or the reader
 * closed. Prints the outcome of every read by what was done to it ("undisturbed" when the read ended first);
 * exits 0 when every read ended in a defined way, 3 when one hung, 4 when one failed unexpectedly, 5 when the run
 * itself failed, 6 when a read returned anything but the authenticated card's document.
 *
 * <p>Arguments: seconds to run, random seed.
 */
public final class PcscStress {

    private static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentSkipListMap<>();
    private static final PassportHolder EXPECTED = VirtualPassports.anna();

    private PcscStress() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(5);
        }
    }

    private static void run(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        PassportChip chip = PassportChip.issue(VirtualPassports.PKI, VirtualPassports.anna(), ChipVariant.GENUINE);
        PassportChip intruderChip = PassportChip.issue(VirtualPassports.PKI, VirtualPassports.other(),
                ChipVariant.GENUINE);
        MrzAccessKey key = VirtualPassports.keyOf(VirtualPassports.anna());
        PcscReaders readers = PcscReaders.start(CscaTrustList.of(List.of(VirtualPassports.PKI.csca())),
                Clock.systemUTC(), Duration.ofMillis(10));
        ScheduledExecutorService meddler = Executors.newScheduledThreadPool(2);
        int status;
        try {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                    () -> rounds(readers, meddler, 0, seconds, new Random(seed), chip, intruderChip, key));
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(
                    () -> rounds(readers, meddler, 1, seconds, new Random(seed + 1), chip, intruderChip, key));
            status = Math.max(first.get(), second.get());
        } finally {
            meddler.shutdownNow();
            readers.close();
        }
        int reads = OUTCOMES.entrySet().stream().filter(e -> !e.getKey().startsWith("setup"))
                .mapToInt(e -> e.getValue().get()).sum();
        System.out.println("stress: " + reads + " reads " + OUTCOMES);
        System.exit(status);
    }

    private static int rounds(PcscReaders readers, ScheduledExecutorService meddler, int index, int seconds,
            Random random, PassportChip chip, PassportChip intruderChip, MrzAccessKey key) {
        String name = index == 0 ? Pcscd.READER_0 : Pcscd.READER_1;
        VirtualCard card = new VirtualCard(new PassportApplet(chip), index);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int round = 0; System.nanoTime() < deadline; round++) {
            VirtualCard intruder = new VirtualCard(new PassportApplet(intruderChip), index);
            int action = random.nextInt(6);
            try {
                boolean taken = card.isInserted() || card.insertAndWait(5, TimeUnit.SECONDS);
                if (!taken || !seen(readers, name, true)) {
                    // vpcd or pcscd still busy with the last round's cards
                    count("setup", taken ? "CARD_NOT_SEEN_BY_PCSCD" : "CARD_NOT_TAKEN_BY_VPCD");
                    card.remove();
                    seen(readers, name, false);
                    continue;
                }
                PcscIdCardReader reader = readers.open(name);
                CompletableFuture<IdDocument> read = reader.read(ReadRequest.withAccessKey(key), p -> { });
                // a read takes 20-50 ms here (250 ms when the JVM is cold): most meddling lands inside it
                long delay = random.nextInt(40);
                VirtualCard onReader = card;
                boolean[] state = new boolean[2]; // [0] the round is over, [1] the meddling happened
                meddler.schedule(() -> {
                    // never after the round: an intruder inserted then would stay on the reader for good
                    synchronized (state) {
                        if (state[0]) {
                            return;
                        }
                        state[1] = true;
                        switch (action) {
                            case 1 -> onReader.remove();
                            case 2 -> intruder.insert();
                            case 3 -> read.cancel(true);
                            case 4 -> reader.close();
                            case 5 -> {
                                // vpcd takes the queued card as soon as the first one goes: a swap
                                intruder.insert();
                                onReader.remove();
                            }
                            default -> { }
                        }
                    }
                }, delay, TimeUnit.MILLISECONDS);
                String outcome;
                try {
                    IdDocument document = read.get(60, TimeUnit.SECONDS);
                    if (!(document instanceof TravelDocument passport)
                            || !passport.documentNumber().equals(EXPECTED.documentNumber())
                            || passport.passiveAuthentication() != PassiveAuthentication.VALID) {
                        // a swapped card must fail the read, never give another card's (or a mixed) document
                        System.out.println("stress: a read on " + name + " gave " + document);
                        return 6;
                    }
                    outcome = "READ";
                } catch (java.util.concurrent.CancellationException e) {
                    outcome = "CANCELLED";
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof IdCardReadException failure)) {
                        e.printStackTrace();
                        return 4;
                    }
                    if (failure.getMessage() != null && failure.getMessage().contains(": unexpected")) {
                        failure.printStackTrace();
                        return 4;
                    }
                    outcome = failure.failure().name();
                } catch (TimeoutException e) {
                    System.out.println("stress: a read on " + name + " hung (round " + round + ", action " + action
                            + ")");
                    return 3;
                }
                boolean meddled;
                synchronized (state) {
                    state[0] = true;
                    meddled = state[1];
                }
                count(meddled ? names[action] : "undisturbed", outcome);
                reader.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 3;
            } finally {
                intruder.remove();
                if (action == 1 || action == 2 || action == 5) {
                    // a card taken off, or one that another card queued behind on vpcd: start afresh
                    card.remove();
                    seen(readers, name, false);
                    card = new VirtualCard(new PassportApplet(chip), index);
                }
            }
            if (round % 25 == 24) {
                System.gc(); // cards left connected would be disconnected by the JDK's finalizer thread
            }
        }
        card.remove();
        return 0;
    }

    private static void count(String action, String outcome) {
        OUTCOMES.computeIfAbsent(action + "->" + outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Waits up to 5 s until the watcher sees a card on (or off) the reader. */
    private static boolean seen(PcscReaders readers, String reader, boolean present) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            readers.refresh();
            if (readers.list().stream().anyMatch(r -> r.name().equals(reader) && r.cardPresent() == present)) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static final String[] names = {"undisturbed", "card-removed", "intruder-card", "cancelled", "closed",
        "swapped"};
}
