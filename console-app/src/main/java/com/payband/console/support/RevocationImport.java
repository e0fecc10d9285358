package com.payband.console.support;

import com.payband.band.BandSerial;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.binding.ReasonCode;
import com.payband.console.binding.Revocation;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A list of stolen bands from outside (the provider's, the police's) imported from a CSV file: {@code serial,reason,
 * reference}, one band per line, an optional header. All or nothing: a file with one bad line applies nothing and names
 * the line. The bands are then marked reported stolen in the scan list and refused at enrollment while they hold a
 * binding, like the backend's list; a band already on it is left as it is.
 */
public final class RevocationImport {

    /**
     * What an import found (and, unless a dry run, applied), and where the list went: to the backend's revocation list
     * ({@code atBackend} bands new there), not yet (the backend not reached: import the file again later, nothing is
     * doubled), or nowhere else (a console not registered with a backend).
     */
    public record Result(int lines, int added, int alreadyKnown, boolean applied, Backend backend, int addedAtBackend) {

        public Result(int lines, int added, int alreadyKnown, boolean applied) {
            this(lines, added, alreadyKnown, applied, Backend.NOT_REGISTERED, 0);
        }
    }

    /** Where an imported list went beyond this console. */
    public enum Backend { SENT, NOT_SENT, NOT_REGISTERED }

    /** A line that cannot be taken: its number (1-based, as an editor shows it) and what is wrong with it. */
    public static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        public enum Problem { COLUMNS, SERIAL, REASON, REFERENCE, DUPLICATE, EMPTY_FILE, TOO_LONG }

        private final int line;
        private final Problem problem;

        BadLine(int line, Problem problem, String detail) {
            super("line " + line + ": " + problem + (detail == null ? "" : " (" + detail + ")"));
            this.line = line;
            this.problem = problem;
        }

        public int line() {
            return line;
        }

        public Problem problem() {
            return problem;
        }
    }

    /** The most lines a file may have: a list of a whole region's stolen bands, not a database dump. */
    public static final int MAX_LINES = 200_000;
    private static final int MAX_REFERENCE = 64;
    private static final int MAX_LINE_LENGTH = 512;

    private final Database database;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final Clock clock;
    private final com.payband.console.issuer.Issuer issuer;
    private final com.payband.console.binding.BackendRevocationList backendList;

    public RevocationImport(Database database, AuditTrail audit, Authorizer authorizer, Clock clock,
            com.payband.console.issuer.Issuer issuer, com.payband.console.binding.BackendRevocationList backendList) {
        this.backendList = backendList;
        this.issuer = issuer;
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    private record Entry(String serial, ReasonCode reason, String reference) {
    }

    /**
     * Reads the whole file, checks every line, then (unless a dry run) adds the bands not yet on the list in one
     * transaction, audited with the file's name and counts.
     */
    /** SHA-256 (hex) of the serials an import adds, sorted, one per line: what an auditor recomputes from the rows. */
    static String addedDigest(Set<String> serials, Set<String> known) {
        String lines = serials.stream().filter(serial -> !known.contains(serial)).sorted()
                .collect(java.util.stream.Collectors.joining("\n"));
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    public Result importCsv(StaffSession staff, Reader csv, String fileName, boolean dryRun) throws BadLine, IOException {
        authorizer.require(staff, Action.IMPORT_REVOCATIONS);
        if (fileName == null || fileName.isBlank() || fileName.length() > 255
                || fileName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an import names its file: 1 to 255 characters, no control characters");
        }
        List<Entry> entries = parse(csv);
        Instant now = clock.instant();
        Map<String, Entry> bySerial = new LinkedHashMap<>();
        entries.forEach(e -> bySerial.put(e.serial(), e));
        Set<String> known = new HashSet<>();
        database.inTransaction(s -> {
            // by the key an imported band is kept under, whoever listed it first: this console, or a backend's list
            // (another store imported the same list, or an earlier backend of this console)
            List<UUID> keys = bySerial.keySet().stream().map(Revocation::importedKey).toList();
            for (int i = 0; i < keys.size(); i += 1000) {
                known.addAll(s.createSelectionQuery("select r.bandSerial from Revocation r where r.bindingId in (:keys)",
                                String.class)
                        .setParameter("keys", keys.subList(i, Math.min(keys.size(), i + 1000))).getResultList());
            }
            return null;
        });
        bySerial.keySet().stream().filter(serial -> backendList.byBinding(Revocation.importedKey(serial)).isPresent())
                .forEach(known::add);
        int added = bySerial.size() - known.size();
        if (dryRun) {
            return new Result(entries.size(), added, known.size(), false);
        }
        database.runInTransaction(s -> {
            int n = 0;
            for (Entry e : bySerial.values()) {
                if (!known.contains(e.serial())) {
                    s.persist(Revocation.imported(e.serial(), e.reason(), e.reference(), now));
                    if (++n % 500 == 0) {
                        s.flush();
                        s.clear();
                    }
                }
            }
            // which bands this member added, checkably: the digest of their serials (the rows carry the import's time)
            audit.append(s, staff.actor(), AuditAction.REVOCATIONS_IMPORTED, Outcome.SUCCESS, Target.store(fileName),
                    null, entries.size() + " lines, " + added + " bands added, " + known.size() + " already listed"
                            + ", added sha256=" + addedDigest(bySerial.keySet(), known));
        });
        // every band of the file, not only those new here: a list imported again reaches a backend it missed before
        try {
            var sent = issuer.importRevocations(fileName, entries.stream().map(e ->
                    new com.payband.sync.api.ImportedRevocations.Band(e.serial(), e.reason().name())).toList());
            if (sent.isEmpty()) { // no backend's list to send it to: this console is registered with none
                return new Result(entries.size(), added, known.size(), true);
            }
            return new Result(entries.size(), added, known.size(), true, Backend.SENT, sent.get().added());
        } catch (com.payband.console.issuer.IssuerException e) {
            audit.record(staff.actor(), AuditAction.REVOCATIONS_IMPORTED, Outcome.FAILED, Target.store(fileName),
                    "BACKEND_UNAVAILABLE", "imported here, not at the backend: " + e.getMessage());
            return new Result(entries.size(), added, known.size(), true, Backend.NOT_SENT, 0);
        }
    }

    private static List<Entry> parse(Reader csv) throws BadLine, IOException {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        BufferedReader in = new BufferedReader(csv);
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a spreadsheet's byte-order mark
            }
            if (line.length() > MAX_LINE_LENGTH) {
                throw new BadLine(number, BadLine.Problem.TOO_LONG, line.length() + " characters");
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || (number == 1 && trimmed.toLowerCase(java.util.Locale.ROOT).startsWith("serial,"))) {
                continue;
            }
            if (entries.size() >= MAX_LINES) {
                throw new BadLine(number, BadLine.Problem.TOO_LONG, "more than " + MAX_LINES + " bands");
            }
            String[] cells = trimmed.split(",", -1);
            if (cells.length < 2 || cells.length > 3) {
                throw new BadLine(number, BadLine.Problem.COLUMNS, cells.length + " columns");
            }
            String serial = unquote(cells[0]).toUpperCase(java.util.Locale.ROOT);
            if (BandSerial.parse(serial).isEmpty()) {
                throw new BadLine(number, BadLine.Problem.SERIAL, serial);
            }
            ReasonCode reason;
            try {
                reason = ReasonCode.valueOf(unquote(cells[1]).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadLine(number, BadLine.Problem.REASON, unquote(cells[1]));
            }
            if (!Revocation.revokes(reason)) {
                throw new BadLine(number, BadLine.Problem.REASON, reason.name());
            }
            String reference = cells.length == 3 ? unquote(cells[2]) : "";
            if (reference.length() > MAX_REFERENCE || reference.chars().anyMatch(Character::isISOControl)) {
                throw new BadLine(number, BadLine.Problem.REFERENCE, null);
            }
            if (!seen.add(serial)) {
                throw new BadLine(number, BadLine.Problem.DUPLICATE, serial);
            }
            entries.add(new Entry(serial, reason, reference.isEmpty() ? null : reference));
        }
        if (entries.isEmpty()) {
            throw new BadLine(Math.max(number, 1), BadLine.Problem.EMPTY_FILE, null);
        }
        return entries;
    }

    private static String unquote(String cell) {
        String c = cell.strip();
        if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
            c = c.substring(1, c.length() - 1).replace("\"\"", "\"").strip();
        }
        return c;
    }
}
