package com.payband.console.audit;

import com.payband.console.crypto.KeyedHash;
import com.payband.console.files.DurableFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain's head, kept outside the database and MACed: a truncated trail (the newest events
 * deleted, head row rewound) still chains correctly, and only this anchor shows that events are
 * missing. It only ever moves forward.
 *
 * <p>Writes are coalesced: a durable file replace costs an fsync, far more than the commit it follows,
 * so the anchor trails the database by at most {@link #WRITE_DELAY_MILLIS} and is written at once on
 * close. Events committed in that window are covered by the reconciliation at the next start.
 */
final class AuditAnchor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditAnchor.class);
    static final long WRITE_DELAY_MILLIS = 200;

    record Head(long seq, String mac) {
    }

    private final Path file;
    private final KeyedHash keyedHash;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-anchor");
        t.setDaemon(true);
        return t;
    });
    private long writtenSeq = -1;
    private Head pending;
    private boolean scheduled;
    private boolean held;

    AuditAnchor(Path file, KeyedHash keyedHash) {
        this.file = file;
        this.keyedHash = keyedHash;
    }

    /**
     * @return empty when there is no anchor file yet
     * @throws IOException when the file is unreadable or its MAC does not match (it was edited)
     */
    Optional<Head> read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] parts = text.split(" ");
        if (parts.length != 3) {
            throw new IOException("audit anchor is malformed");
        }
        long seq;
        try {
            seq = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            throw new IOException("audit anchor is malformed");
        }
        if (!keyedHash.hex(anchorText(seq, parts[1])).equals(parts[2])) {
            throw new IOException("audit anchor fails its MAC");
        }
        return Optional.of(new Head(seq, parts[1]));
    }

    /**
     * Keeps the anchor where it is for as long as this trail is open: the trail does not continue from
     * it (missing, invalid, or naming an event the database does not have), and new events must not
     * paper over that.
     */
    synchronized void hold() {
        held = true;
    }

    /** Moves the anchor to a newer head soon; older heads (a late, out-of-order commit) are ignored. */
    synchronized void advance(long seq, String mac) {
        if (held || pending != null && pending.seq() >= seq) {
            return;
        }
        pending = new Head(seq, mac);
        if (!scheduled && !writer.isShutdown()) {
            scheduled = true;
            writer.schedule(this::flush, WRITE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the newest head now. */
    synchronized void flush() {
        scheduled = false;
        Head head = pending;
        if (head == null || head.seq() <= writtenSeq) {
            return;
        }
        try {
            if (writtenSeq < 0) {
                Optional<Head> current = read();
                if (current.isPresent() && current.get().seq() >= head.seq()) {
                    writtenSeq = current.get().seq();
                    return;
                }
            }
            String line = head.seq() + " " + head.mac() + " " + keyedHash.hex(anchorText(head.seq(), head.mac())) + "\n";
            DurableFile.replace(file, line.getBytes(StandardCharsets.UTF_8));
            writtenSeq = head.seq();
        } catch (IOException e) {
            // The events themselves are committed; verify reports the stale anchor until the next write.
            LOG.error("cannot update the audit anchor: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        flush();
    }

    private static String anchorText(long seq, String mac) {
        return "anchor\u001f" + seq + "\u001f" + mac;
    }
}
