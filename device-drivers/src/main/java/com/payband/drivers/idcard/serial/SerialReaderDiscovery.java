package com.payband.drivers.idcard.serial;

import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReadException.Failure;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds GA/T 467 readers: lists the serial ports ({@link PortScanner}), ranks them ({@link PortRanking}:
 * known reader chips first) and asks each likely one for a SAM (status, then id) at each configured
 * speed. Probes of different ports run in parallel, so listing takes about as long as the slowest
 * port (with the defaults, under a second), not their sum.
 *
 * <p>A port that is already open (by this console's reader, or another program) shows as
 * {@link ProbedPort.Outcome#UNAVAILABLE}: for the reader the console has open, show that reader's own
 * state instead.
 */
public final class SerialReaderDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(SerialReaderDiscovery.class);

    private final PortScanner scanner;
    private final List<DeviceSource.Glob> watched;
    private final SerialReaderSettings settings;

    /**
     * @param scanner  the ports to consider
     * @param globs    device globs whose ports are probed whatever their rank (the watched globs)
     * @param settings speeds, timeouts and the port opener
     */
    public SerialReaderDiscovery(PortScanner scanner, List<String> globs, SerialReaderSettings settings) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.watched = globs.stream().map(DeviceSource.Glob::parse).toList();
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The system's ports plus the device files under {@code globs}. */
    public static SerialReaderDiscovery system(List<String> globs, SerialReaderSettings settings) {
        return new SerialReaderDiscovery(PortScanner.combined(PortScanner.system(), PortScanner.globs(globs)), globs, settings);
    }

    /** The ranked candidates, without opening any. */
    public List<PortRanking.RankedPort> candidates() {
        return PortRanking.order(scanner.candidates());
    }

    /** Every candidate with what is behind it, best first. */
    public List<ProbedPort> probeAll() {
        List<PortRanking.RankedPort> ranked = candidates();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, ranked.size())), task -> {
            Thread t = new Thread(task, "idcard-serial-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<ProbedPort>> probes = new ArrayList<>();
            for (PortRanking.RankedPort port : ranked) {
                if (port.rank() == PortRank.OTHER && !watchedPath(port.port().path())) {
                    probes.add(CompletableFuture.completedFuture(new ProbedPort(port, ProbedPort.Outcome.NOT_PROBED,
                            OptionalInt.empty(), Optional.empty(), "not a USB serial port")));
                } else {
                    probes.add(CompletableFuture.supplyAsync(() -> probe(port, OptionalInt.empty()), pool));
                }
            }
            return probes.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The best-ranked port with a working reader, if any. */
    public Optional<ProbedPort> findFirst() {
        return probeAll().stream().filter(ProbedPort::isReader).findFirst();
    }

    /** Asks one port (chosen by hand: {@code --port}), at {@code baud} or at each configured speed. */
    public ProbedPort probe(String path, OptionalInt baud) {
        return probe(PortRanking.ranked(scanner.candidates().stream().filter(c -> c.path().equals(path)).findFirst()
                .orElse(PortCandidate.ofPath(path))), baud);
    }

    private ProbedPort probe(PortRanking.RankedPort port, OptionalInt baud) {
        String path = port.port().path();
        List<Integer> bauds = baud.isPresent() ? List.of(baud.getAsInt()) : settings.bauds();
        SerialLink link;
        try {
            link = settings.opener().open(path, bauds.get(0));
        } catch (IOException e) {
            return new ProbedPort(port, ProbedPort.Outcome.UNAVAILABLE, OptionalInt.empty(), Optional.empty(), e.getMessage());
        }
        try (SamConnection c = new SamConnection(link, settings)) {
            link.discardInput();
            SamConnection.Handshake h = c.handshake(bauds, SamConnection.Deadline.in(settings.readDeadline()), () -> false);
            LOG.debug("Reader found on {} at {} baud, SAM {}", path, h.baud(), h.samId());
            return new ProbedPort(port, ProbedPort.Outcome.READER, OptionalInt.of(h.baud()), Optional.of(h.samId()),
                    "SAM " + h.samId() + " at " + h.baud() + " baud");
        } catch (IdCardReadException e) {
            ProbedPort.Outcome outcome;
            if (e.getCause() instanceof SamStatusException) {
                outcome = ProbedPort.Outcome.SAM_FAULT;
            } else if (e.failure() == Failure.COMMUNICATION_ERROR) {
                outcome = ProbedPort.Outcome.NOISE;
            } else if (e.failure() == Failure.TIMEOUT) {
                outcome = ProbedPort.Outcome.NO_ANSWER;
            } else {
                outcome = ProbedPort.Outcome.UNAVAILABLE;
            }
            return new ProbedPort(port, outcome, OptionalInt.empty(), Optional.empty(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Probing {} failed unexpectedly", path, e);
            return new ProbedPort(port, ProbedPort.Outcome.UNAVAILABLE, OptionalInt.empty(), Optional.empty(), e.toString());
        }
    }

    private boolean watchedPath(String path) {
        Path p = Paths.get(path);
        return watched.stream().anyMatch(g -> g.matches(p));
    }
}
