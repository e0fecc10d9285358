package com.payband.drivers.band.ble.host;

import com.payband.drivers.band.ble.Advertisement;
import com.payband.drivers.band.ble.BleConnection;
import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.BleException.Kind;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.drivers.band.ble.GattService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's BLE radio on real Bluetooth: TinyB and BlueZ, reached through the BLE host process
 * ({@link BleHostMain}), which this transport starts, talks to and supervises. When the host dies (TinyB's native
 * layer crashed, BlueZ went away, it stopped answering and was killed), every operation in flight fails with
 * {@link Kind#LINK_LOST}, every open connection reports its link lost, the health listeners hear of it, and a new host
 * is started, by itself or by the next operation, after a back-off that grows while the host keeps failing. While
 * BlueZ or the adapter is missing, the bus is asked every {@value #BLUEZ_PROBE_MS} ms instead (no host is started
 * for nothing), and the host is started once they are back.
 */
public final class HostedBleTransport implements BleTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HostedBleTransport.class);
    /** How long a host may take to start (a JVM, TinyB's natives, BlueZ's objects). */
    private static final Duration START = Duration.ofSeconds(20);
    /** Slack over an operation's own timeout before the host is taken for hung and killed. */
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final long MAX_BACK_OFF_MS = 30_000;
    /** Advertisements waiting for the scan listeners at most; notifications and link events are never dropped. */
    static final int MAX_ADVERTISEMENTS_WAITING = 2048;
    private final java.util.concurrent.atomic.AtomicInteger advertisementsWaiting =
            new java.util.concurrent.atomic.AtomicInteger();
    /** A host that ends sooner after its start failed as surely as one that never started (TinyB crashing at once). */
    private static final long STEADY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    /** How often the bus is asked whether BlueZ and the adapter are back, while they are missing. */
    static final long BLUEZ_PROBE_MS = 2_000;
    /** Why a host could not start that the bus alone tells the end of: BlueZ, its bus or the adapter missing. */
    private static final Set<String> BLUEZ_MISSING = Set.of("BLUEZ_NOT_RUNNING", "BUS_UNAVAILABLE", "NO_ADAPTER");
    /** Failed starts for other reasons after which a new host waits for the next operation (a JVM each time). */
    private static final int REVIVALS = 6;

    /** What the window shows about the Bluetooth driver. */
    public enum HealthEvent { STARTED, RESTARTED, STOPPED, UNAVAILABLE }

    /** A health change: the host's state and, for UNAVAILABLE, why (a BluezException reason or TINYB). */
    public record Health(HealthEvent event, Optional<String> adapter, Optional<String> reason, String detail) {
    }

    private final List<String> command;
    private final Map<String, String> environment;
    private final Optional<Path> log;
    private final Clock clock;
    private final List<Consumer<Health>> healthListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Advertisement>> scanListeners = new CopyOnWriteArrayList<>();
    /** Events reach listeners in order, on one thread that is never the host's reader. */
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ble-host-events");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    /** Starts a host again by itself after a death or a failed start (see {@link #reviveLater}). */
    private final java.util.concurrent.ScheduledExecutorService supervisor =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ble-host-supervisor");
                t.setDaemon(true);
                return t;
            });
    private java.util.concurrent.ScheduledFuture<?> revival;
    private Host host;
    private int failures;
    private BleException lastFailure;
    private long lastStartNanos;
    private boolean everStarted;
    private volatile boolean closed;

    /**
     * @param command the host's command line (see {@link #javaCommand})
     * @param environment the host's environment beyond this process's ({@code DBUS_SYSTEM_BUS_ADDRESS} of a
     *                    private bus)
     * @param log     where the host's standard error goes (TinyB's and GLib's warnings), or nowhere
     */
    public HostedBleTransport(List<String> command, Map<String, String> environment, Optional<Path> log, Clock clock) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.clock = clock;
    }

    /** As {@link #javaCommand(Optional, Path)}, a crash's report in the system's temporary folder. */
    public static List<String> javaCommand(Optional<String> adapter) {
        return javaCommand(adapter, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * The host in a JVM like this one, on this one's class path (TinyB's jar with its manifest, kept apart). Should
     * TinyB's natives crash it, the JVM's report goes to {@code crashReports} (the console's logs), not to whatever
     * folder the console was started from.
     */
    public static List<String> javaCommand(Optional<String> adapter, Path crashReports) {
        // below the console in the scheduler's eyes: a stock room's advertisements keep the host busy, and on a small
        // till the window's thread must win the CPU (nice execs java: the process and its pid stay the host's)
        List<String> c = new ArrayList<>(List.of("nice", "-n", "10",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=warning:stderr",
                // the JVM expands % in the whole path: a folder's own % is doubled
                "-XX:ErrorFile=" + crashReports.toAbsolutePath().toString().replace("%", "%%")
                        + java.io.File.separator + "ble-host-crash-%p.log",
                "-cp", hostClassPath(System.getProperty("java.class.path")), BleHostMain.class.getName()));
        adapter.ifPresent(a -> c.addAll(List.of("--adapter", a)));
        return c;
    }

    /**
     * This JVM's class path, plus TinyB's jar from the {@code lib} folder beside a jar on it: the console's runnable
     * jar does not carry TinyB (repackaged, TinyB loses the manifest it checks its natives against).
     */
    static String hostClassPath(String classPath) {
        List<String> entries = new ArrayList<>(List.of(classPath.split(java.io.File.pathSeparator)));
        if (entries.stream().anyMatch(e -> e.contains("bluetooth-manager-tinyb"))) {
            return classPath;
        }
        for (String entry : List.copyOf(entries)) {
            Path parent = Path.of(entry).toAbsolutePath().getParent();
            if (!entry.endsWith(".jar") || parent == null) {
                continue;
            }
            try (var jars = java.nio.file.Files.list(parent.resolve("lib"))) {
                jars.map(Path::toString).filter(j -> j.matches(".*/bluetooth-manager-tinyb-[0-9.]+\\.jar"))
                        .findFirst().ifPresent(entries::add);
            } catch (IOException e) {
                // no lib folder there
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    public void onHealth(Consumer<Health> listener) {
        healthListeners.add(listener);
    }

    /**
     * Starts the host now if none runs, so that the first scan finds it ready (a JVM and TinyB take a second or two,
     * and on a small till they compete with the window for the CPU). A failure is reported as health, and said again
     * to the operation that next needs the host.
     */
    public void warmUp() {
        try {
            host();
        } catch (BleException e) {
            LOG.info("the Bluetooth driver did not start ahead of use: {}", e.getMessage());
        }
    }

    /** The links the running host holds (PING), for diagnostics: a link closed here, lost or not, is freed there. */
    public int hostLinks() throws BleException {
        try {
            return call("PING", Map.of(), Duration.ofSeconds(5)).message().number("links");
        } catch (HostProtocol.MalformedLine e) {
            throw new BleException(Kind.GATT_ERROR, "the Bluetooth driver's PING: " + e.getMessage(), e);
        }
    }

    /** The running host's process id, for the tests that kill it. */
    public synchronized Optional<Long> hostPid() {
        return host == null || host.dead ? Optional.empty() : Optional.of(host.process.pid());
    }

    @Override
    public Scan scan(Consumer<Advertisement> listener) throws BleException {
        scanListeners.add(listener);
        try {
            call("SCAN", Map.of("state", "on"), Duration.ofSeconds(5));
        } catch (BleException e) {
            scanListeners.remove(listener);
            throw e;
        }
        return () -> {
            scanListeners.remove(listener);
            if (scanListeners.isEmpty()) {
                try {
                    call("SCAN", Map.of("state", "off"), Duration.ofSeconds(5));
                } catch (BleException e) {
                    // the host is gone: its scan with it
                }
            }
        };
    }

    @Override
    public BleConnection connect(String address, Duration timeout) throws BleException {
        Reply r = call("CONNECT", Map.of("addr", address, BleHostMain.CONNECTED_MS, Long.toString(timeout.toMillis())),
                timeout);
        try {
            HostedConnection c = new HostedConnection(r.host, address, r.message.number("conn"),
                    r.message.number("mtu"));
            if (!r.host.register(c) || r.host.dead) {
                c.lost(); // lost between the host's answer and now: told as any loss
            }
            return c;
        } catch (HostProtocol.MalformedLine e) {
            throw new BleException(Kind.GATT_ERROR, "the Bluetooth driver answered badly: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        supervisor.shutdownNow(); // a host starting by itself is interrupted: close() does not wait out its start
        Host h;
        synchronized (this) {
            h = host;
            host = null;
        }
        if (h != null) {
            h.stop();
        }
        events.shutdown();
    }

    private record Reply(Host host, HostProtocol.Message message) {
    }

    /** Sends a request to the host (started if need be) and waits for its answer. */
    private Reply call(String verb, Map<String, String> fields, Duration timeout) throws BleException {
        Host h = host();
        return new Reply(h, h.call(verb, fields, timeout));
    }

    private synchronized Host host() throws BleException {
        if (closed) {
            throw new BleException(Kind.ADAPTER_UNAVAILABLE, "the Bluetooth transport is closed");
        }
        if (host != null && !host.dead) {
            return host;
        }
        long wait = backOffLeftMs();
        // a start that failed for BlueZ's absence is no crash to hold back: once the bus has it again, start now
        if (wait > 0 && !(bluezWasMissing() && bluezBack())) {
            // a host that keeps dying is not started in a tight loop; why the last start failed still holds
            String again = "the Bluetooth driver starts again in " + (wait + 999) / 1000 + " s";
            if (lastFailure != null && lastFailure.reason().isPresent()) {
                throw BleException.unavailable(lastFailure.reason().get(), lastFailure.detail() + "; " + again);
            }
            throw new BleException(Kind.ADAPTER_UNAVAILABLE, again);
        }
        lastStartNanos = System.nanoTime();
        Host h = new Host();
        try {
            h.start();
        } catch (BleException e) {
            failures++;
            lastFailure = e;
            lastStartNanos = System.nanoTime(); // the back-off counts from the failure, however long the start took
            health(new Health(HealthEvent.UNAVAILABLE, Optional.empty(), Optional.of(e.reason().orElse("NOT_STARTED")),
                    e.detail()));
            reviveLater(backOffLeftMs());
            throw e;
        }
        lastFailure = null;
        host = h;
        health(new Health(everStarted ? HealthEvent.RESTARTED : HealthEvent.STARTED, Optional.of(h.adapter),
                Optional.empty(), ""));
        everStarted = true;
        return h;
    }

    /** A host that ran: one that lived long enough ends the back-off, one that died young counts as a failed start. */
    private synchronized void ended(long livedNanos) {
        failures = livedNanos < STEADY_NANOS ? failures + 1 : 0;
    }

    /** How long the back-off still holds a new host back. */
    private synchronized long backOffLeftMs() {
        return failures == 0 ? 0 : Math.min(MAX_BACK_OFF_MS, 500L << Math.min(failures - 1, 6))
                - (System.nanoTime() - lastStartNanos) / 1_000_000;
    }

    /**
     * After a host died or failed to start: a new one is started by itself in this long, so that the window says the
     * driver is back (or why not) without waiting for the clerk's next scan. Not after {@value #REVIVALS} failed starts
     * in a row for reasons the bus cannot tell the end of (each costs a JVM): the next operation tries then.
     */
    private synchronized void reviveLater(long delayMs) {
        if (closed || revival != null) {
            return;
        }
        if (!bluezWasMissing() && failures >= REVIVALS) {
            return;
        }
        try {
            revival = supervisor.schedule(this::revive, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void revive() {
        boolean missing;
        synchronized (this) {
            revival = null;
            if (closed || host != null && !host.dead) {
                return;
            }
            missing = bluezWasMissing();
        }
        if (missing) {
            if (!bluezBack()) {
                reviveLater(BLUEZ_PROBE_MS);
                return;
            }
        } else if (backOffLeftMs() > 0) {
            reviveLater(backOffLeftMs());
            return;
        }
        try {
            host();
        } catch (BleException e) {
            // told as health by host(), which also set the next try
        }
    }

    /** The last start failed for BlueZ, its bus or the adapter missing. */
    private synchronized boolean bluezWasMissing() {
        return lastFailure != null && lastFailure.reason().filter(BLUEZ_MISSING::contains).isPresent();
    }

    /** BlueZ answers on the host's bus with the adapter the host is to use (asked over D-Bus, TinyB untouched). */
    private boolean bluezBack() {
        int named = command.indexOf("--adapter");
        Optional<String> wanted = named >= 0 && named + 1 < command.size() ? Optional.of(command.get(named + 1))
                : Optional.empty();
        try {
            com.payband.drivers.band.ble.bluez.BluezAdapters.find(environment.getOrDefault("DBUS_SYSTEM_BUS_ADDRESS",
                    com.payband.drivers.band.ble.bluez.BluezAdapters.systemBusAddress()), wanted);
            return true;
        } catch (com.payband.drivers.band.ble.bluez.BluezException e) {
            return false;
        }
    }

    /** Hands work to the events thread; after close() there is nobody left to tell. */
    private void post(Runnable r) {
        try {
            events.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void health(Health h) {
        healthListeners.forEach(l -> {
            try {
                l.accept(h);
            } catch (RuntimeException e) {
                LOG.warn("a Bluetooth health listener failed", e);
            }
        });
    }

    /** One host process: its pipes, the requests waiting for answers and the connections it holds. */
    private final class Host {
        Process process;
        Writer in;
        String adapter = "";
        volatile boolean dead;
        /** Said hello: a host that ends after that has stopped, one that ends before it never started. */
        volatile boolean running;
        final Map<String, CompletableFuture<HostProtocol.Message>> pending = new ConcurrentHashMap<>();
        final Map<Integer, HostedConnection> connections = new ConcurrentHashMap<>();
        final CompletableFuture<HostProtocol.Message> hello = new CompletableFuture<>();

        void start() throws BleException {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(environment);
            pb.redirectError(log.map(p -> ProcessBuilder.Redirect.appendTo(p.toFile()))
                    .orElse(ProcessBuilder.Redirect.DISCARD));
            try {
                process = pb.start();
            } catch (IOException e) {
                throw BleException.unavailable("NOT_STARTED", "the Bluetooth driver could not start: "
                        + e.getMessage());
            }
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            Thread reader = new Thread(this::read, "ble-host-reader-" + process.pid());
            reader.setDaemon(true);
            reader.start();
            HostProtocol.Message first;
            try {
                first = hello.get(START.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | InterruptedException | ExecutionException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                stop();
                throw BleException.unavailable("NOT_STARTED", "the Bluetooth driver did not start in "
                        + START.toSeconds() + " s");
            }
            if ("UNAVAILABLE".equals(first.verb())) {
                String reason = first.field("reason").orElse("UNKNOWN");
                String detail = first.field("detail").map(HostedBleTransport::text).orElse("");
                stop();
                throw BleException.unavailable(reason, detail);
            }
            adapter = first.field("adapter").orElse("");
            running = true;
            LOG.info("Bluetooth driver started (pid {}) on adapter {}", process.pid(), adapter);
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                for (String line; (line = HostProtocol.readLine(out)) != null;) {
                    HostProtocol.Message m;
                    try {
                        m = HostProtocol.parse(line);
                    } catch (HostProtocol.MalformedLine e) {
                        LOG.warn("the Bluetooth driver sent a line that is not its protocol: {}", e.getMessage());
                        continue;
                    }
                    if (m.event()) {
                        event(m);
                    } else {
                        CompletableFuture<HostProtocol.Message> f = pending.remove(m.id());
                        if (f != null) {
                            f.complete(m);
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe broke: the host is gone
            }
            died();
        }

        private void event(HostProtocol.Message m) {
            switch (m.verb()) {
                case "HELLO", "UNAVAILABLE" -> hello.complete(m);
                case "ADV" -> advertisement(m).ifPresent(a -> {
                    if (advertisementsWaiting.incrementAndGet() > MAX_ADVERTISEMENTS_WAITING) {
                        // listeners that fall behind a crowd: this one is dropped, the device is heard again soon
                        advertisementsWaiting.decrementAndGet();
                        return;
                    }
                    post(() -> {
                        advertisementsWaiting.decrementAndGet();
                        scanListeners.forEach(l -> {
                            try {
                                l.accept(a);
                            } catch (RuntimeException e) {
                                LOG.warn("a scan listener failed", e);
                            }
                        });
                    });
                });
                case "NOTIFY" -> {
                    HostedConnection c = connection(m);
                    if (c != null) {
                        try {
                            UUID chr = UUID.fromString(m.get("chr"));
                            byte[] value = m.bytes("value");
                            post(() -> c.notified(chr, value));
                        } catch (HostProtocol.MalformedLine | IllegalArgumentException e) {
                            LOG.warn("a malformed notification from the Bluetooth driver was dropped");
                        }
                    }
                }
                case "LINK_LOST" -> {
                    HostedConnection c = lostLink(m);
                    if (c != null) {
                        c.lost();
                    }
                }
                default -> LOG.debug("Bluetooth driver event {}", m.verb());
            }
        }

        /**
         * Links the host said were lost that were not known here: one lost before the console had taken it from the
         * host's answer to CONNECT is found here when it registers. The host never reuses an id, so one left over (a
         * link closed here, then told lost) marks nothing wrongly; the oldest go first beyond 64.
         */
        private final java.util.Set<Integer> lostUnregistered = new java.util.LinkedHashSet<>();
        private final Object links = new Object();

        /** A link the host connected, now known here; false if the host has already said it was lost. */
        boolean register(HostedConnection c) {
            synchronized (links) {
                if (lostUnregistered.remove(c.id)) {
                    return false;
                }
                connections.put(c.id, c);
                return true;
            }
        }

        /** The link a LINK_LOST names; one not yet registered is remembered as lost for its registration. */
        private HostedConnection lostLink(HostProtocol.Message m) {
            synchronized (links) {
                HostedConnection c = connection(m);
                if (c == null) {
                    try {
                        lostUnregistered.add(m.number("conn"));
                        if (lostUnregistered.size() > 64) {
                            java.util.Iterator<Integer> oldest = lostUnregistered.iterator();
                            oldest.next();
                            oldest.remove();
                        }
                    } catch (HostProtocol.MalformedLine e) {
                        // no link named: nothing to remember
                    }
                }
                return c;
            }
        }

        private HostedConnection connection(HostProtocol.Message m) {
            try {
                return connections.get(m.number("conn"));
            } catch (HostProtocol.MalformedLine e) {
                return null;
            }
        }

        /** The host ended: nothing waits for it any longer, and each of its links is lost. */
        private void died() {
            if (!closed && running) {
                // counted before anyone waiting hears of the death, so that their next call sees the back-off
                ended(System.nanoTime() - lastStartNanos);
            }
            dead = true;
            hello.complete(new HostProtocol.Message(HostProtocol.EVENT, "UNAVAILABLE", Map.of("reason", "EXITED",
                    "detail", HostProtocol.hexText("the Bluetooth driver stopped while starting"))));
            pending.values().forEach(f -> f.completeExceptionally(new BleException(Kind.LINK_LOST,
                    "the Bluetooth driver stopped")));
            pending.clear();
            connections.values().forEach(HostedConnection::lost);
            if (!closed && running) {
                int code = process.isAlive() ? -1 : exitCode();
                LOG.warn("the Bluetooth driver (pid {}) stopped with exit code {}", process.pid(), code);
                health(new Health(HealthEvent.STOPPED, Optional.of(adapter), Optional.empty(),
                        "exit code " + code));
                reviveLater(backOffLeftMs());
            }
        }

        private int exitCode() {
            try {
                return process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        HostProtocol.Message call(String verb, Map<String, String> fields, Duration timeout) throws BleException {
            String id = Long.toString(ids.incrementAndGet());
            CompletableFuture<HostProtocol.Message> answer = new CompletableFuture<>();
            pending.put(id, answer);
            if (dead) {
                pending.remove(id);
                throw new BleException(Kind.LINK_LOST, "the Bluetooth driver stopped");
            }
            try {
                synchronized (this) {
                    in.write(new HostProtocol.Message(id, verb, fields).format());
                    in.write('\n');
                    in.flush();
                }
            } catch (IOException e) {
                pending.remove(id);
                throw new BleException(Kind.LINK_LOST, "the Bluetooth driver stopped", e);
            }
            HostProtocol.Message m;
            try {
                m = answer.get(timeout.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.remove(id);
                // the host's one TinyB thread is stuck (a hung BlueZ call): only a new host gets the radio back
                LOG.warn("the Bluetooth driver did not answer {} in time: restarting it", verb);
                process.destroyForcibly();
                throw new BleException(Kind.TIMEOUT, verb + ": the Bluetooth driver did not answer in time");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof BleException b ? b
                        : new BleException(Kind.LINK_LOST, String.valueOf(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.remove(id);
                throw new BleException(Kind.TIMEOUT, verb + ": interrupted");
            }
            if (HostProtocol.ERR.equals(m.verb())) {
                Kind kind = m.field("kind").flatMap(HostedBleTransport::kind).orElse(Kind.GATT_ERROR);
                throw new BleException(kind, verb + ": " + m.field("detail").map(HostedBleTransport::text).orElse(""));
            }
            return m;
        }

        void stop() {
            try {
                in.close(); // the host disconnects its links and exits when its input ends
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private Optional<Advertisement> advertisement(HostProtocol.Message m) {
        try {
            String address = m.get("addr");
            int rssi = m.number("rssi");
            if (rssi < -127 || rssi > 20) {
                return Optional.empty(); // 127 is BlueZ's "unknown"; nothing real is outside this range
            }
            Optional<String> name = m.field("name").map(HostedBleTransport::text);
            Map<Integer, byte[]> data = new HashMap<>();
            for (String part : m.field("mfg").map(s -> s.split(",")).orElse(new String[0])) {
                int colon = part.indexOf(':');
                if (colon != 4) {
                    return Optional.empty();
                }
                data.put(Integer.parseInt(part.substring(0, 4), 16), HostProtocol.unhex(part.substring(5)));
            }
            return Optional.of(new Advertisement(address, name, rssi, data, clock.instant()));
        } catch (HostProtocol.MalformedLine | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Kind> kind(String name) {
        try {
            return Optional.of(Kind.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(String hex) {
        try {
            return HostProtocol.text(hex);
        } catch (HostProtocol.MalformedLine e) {
            return "";
        }
    }

    /** A link held by the host; calls go through it, indications come back in order on the events thread. */
    private final class HostedConnection implements BleConnection {
        private final Host host;
        private final String address;
        private final int id;
        private final int mtu;
        private final Map<UUID, Consumer<byte[]>> subscribers = new ConcurrentHashMap<>();
        private final List<Runnable> lostListeners = new CopyOnWriteArrayList<>();
        private volatile boolean connected = true;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile int lastRssi = -127;

        HostedConnection(Host host, String address, int id, int mtu) {
            this.host = host;
            this.address = address;
            this.id = id;
            this.mtu = mtu;
        }

        private Map<String, String> with(String... keyValues) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("conn", Integer.toString(id));
            for (int i = 0; i < keyValues.length; i += 2) {
                f.put(keyValues[i], keyValues[i + 1]);
            }
            return f;
        }

        private HostProtocol.Message call(String verb, Duration timeout, String... keyValues) throws BleException {
            if (!connected) {
                throw new BleException(Kind.LINK_LOST, verb + ": the link to " + address + " dropped");
            }
            return host.call(verb, with(keyValues), timeout);
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public int mtu() {
            return mtu;
        }

        /** BlueZ negotiates the MTU by itself when it connects: the host reads what it agreed. */
        @Override
        public int requestMtu(int wanted, Duration timeout) {
            return Math.min(mtu, Math.max(23, wanted));
        }

        @Override
        public List<GattService> discoverServices(Duration timeout) throws BleException {
            String table = call("SERVICES", timeout).field("services").orElse("");
            List<GattService> services = new ArrayList<>();
            try {
                for (String s : table.isEmpty() ? new String[0] : table.split(";")) {
                    int colon = s.indexOf(':');
                    List<GattService.Characteristic> cs = new ArrayList<>();
                    String chars = s.substring(colon + 1);
                    for (String c : chars.isEmpty() ? new String[0] : chars.split("\\+")) {
                        int slash = c.indexOf('/');
                        Set<GattService.Property> ps = EnumSet.noneOf(GattService.Property.class);
                        for (char f : c.substring(slash + 1).toCharArray()) {
                            switch (f) {
                                case 'r' -> ps.add(GattService.Property.READ);
                                case 'w' -> ps.add(GattService.Property.WRITE);
                                case 'W' -> ps.add(GattService.Property.WRITE_WITHOUT_RESPONSE);
                                case 'n' -> ps.add(GattService.Property.NOTIFY);
                                case 'i' -> ps.add(GattService.Property.INDICATE);
                                default -> {
                                }
                            }
                        }
                        cs.add(new GattService.Characteristic(UUID.fromString(c.substring(0, slash)), ps));
                    }
                    services.add(new GattService(UUID.fromString(s.substring(0, colon)), cs));
                }
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                throw new BleException(Kind.GATT_ERROR, "the Bluetooth driver sent a damaged service table");
            }
            return services;
        }

        @Override
        public byte[] read(UUID service, UUID characteristic, Duration timeout) throws BleException {
            try {
                return call("READ", timeout, "svc", service.toString(), "chr", characteristic.toString())
                        .bytes("value");
            } catch (HostProtocol.MalformedLine e) {
                throw new BleException(Kind.GATT_ERROR, "the Bluetooth driver sent a damaged value");
            }
        }

        @Override
        public void write(UUID service, UUID characteristic, byte[] value, Duration timeout) throws BleException {
            if (value.length > mtu - 3) {
                throw new BleException(Kind.GATT_ERROR, "write longer than the MTU");
            }
            call("WRITE", timeout, "svc", service.toString(), "chr", characteristic.toString(), "value",
                    HostProtocol.hex(value));
        }

        @Override
        public void subscribe(UUID service, UUID characteristic, Consumer<byte[]> listener, Duration timeout)
                throws BleException {
            subscribers.put(characteristic, listener);
            call("SUBSCRIBE", timeout, "svc", service.toString(), "chr", characteristic.toString());
        }

        void notified(UUID characteristic, byte[] value) {
            Consumer<byte[]> l = subscribers.get(characteristic);
            // an indication the host sent before the link dropped is delivered, before the loss (a band answers a
            // RESET and then drops the link): only a link closed here hears nothing more
            if (l != null && !released.get()) {
                l.accept(value);
            }
        }

        @Override
        public void onLinkLost(Runnable listener) {
            lostListeners.add(listener);
        }

        /** Once: the link is gone without close(). */
        void lost() {
            if (!connected) {
                return;
            }
            connected = false;
            host.connections.remove(id);
            post(() -> lostListeners.forEach(Runnable::run));
        }

        @Override
        public int rssi() {
            try {
                lastRssi = call("RSSI", Duration.ofSeconds(2)).number("rssi");
            } catch (BleException | HostProtocol.MalformedLine e) {
                // the last figure known stands
            }
            return lastRssi;
        }

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            connected = false;
            host.connections.remove(id);
            if (host.dead) {
                return;
            }
            // a link lost too: the host still holds TinyB's device and characteristics for it until told
            try {
                host.call("DISCONNECT", with(), Duration.ofSeconds(3));
            } catch (BleException e) {
                // the link is gone either way
            }
        }
    }
}
