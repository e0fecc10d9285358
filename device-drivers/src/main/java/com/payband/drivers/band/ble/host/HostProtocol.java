package com.payband.drivers.band.ble.host;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The BLE host's line protocol (src/docs/ble.md): one message per line, ASCII, at most {@link #MAX_LINE} characters.
 * A request is {@code <id> <VERB> key=value ...}; its answer {@code <id> OK key=value ...} or
 * {@code <id> ERR kind=<BleException.Kind> detail=<hex>}; an event {@code * <EVENT> key=value ...}. Binary values and
 * free text travel as lower-case hex, so no value holds a space. Both ends parse with this one class; a line it
 * does not accept is refused, never guessed at.
 */
public final class HostProtocol {

    public static final int VERSION = 1;
    public static final int MAX_LINE = 64 * 1024;
    public static final int MAX_FIELDS = 16;
    public static final String EVENT = "*";
    public static final String OK = "OK";
    public static final String ERR = "ERR";

    private static final Pattern ID = Pattern.compile("\\*|[0-9]{1,18}");
    private static final Pattern VERB = Pattern.compile("[A-Z_]{1,20}");
    private static final Pattern KEY = Pattern.compile("[a-z]{1,16}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9:._/,|;+-]*");
    private static final HexFormat HEX = HexFormat.of();

    private HostProtocol() {
    }

    /** A line that is not a message of this protocol. */
    public static final class MalformedLine extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedLine(String why) {
            super(why);
        }
    }

    /** One message: a request, its answer (verb OK or ERR, same id) or an event (id {@code *}). */
    public record Message(String id, String verb, Map<String, String> fields) {

        public Message {
            require(ID, id, "id");
            require(VERB, verb, "verb");
            fields = Map.copyOf(new LinkedHashMap<>(fields));
            if (fields.size() > MAX_FIELDS) {
                throw new IllegalArgumentException("too many fields");
            }
            fields.forEach((k, v) -> {
                require(KEY, k, "key");
                require(VALUE, v, "value of " + k);
            });
        }

        public boolean event() {
            return EVENT.equals(id);
        }

        public Optional<String> field(String key) {
            return Optional.ofNullable(fields.get(key));
        }

        /** A field that must be there. */
        public String get(String key) throws MalformedLine {
            String v = fields.get(key);
            if (v == null) {
                throw new MalformedLine("no " + key);
            }
            return v;
        }

        public int number(String key) throws MalformedLine {
            try {
                return Integer.parseInt(get(key));
            } catch (NumberFormatException e) {
                throw new MalformedLine(key + " is not a number");
            }
        }

        public byte[] bytes(String key) throws MalformedLine {
            return unhex(get(key));
        }

        /** The line, without its newline, in a stable field order. */
        public String format() {
            StringBuilder line = new StringBuilder(id).append(' ').append(verb);
            new java.util.TreeMap<>(fields).forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            return line.toString();
        }
    }

    public static Message parse(String line) throws MalformedLine {
        if (line == null || line.length() > MAX_LINE) {
            throw new MalformedLine("no line or a line too long");
        }
        String[] parts = line.split(" ", -1);
        if (parts.length < 2 || parts.length > MAX_FIELDS + 2) {
            throw new MalformedLine("not <id> <verb> fields");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0 || fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1)) != null) {
                throw new MalformedLine("field " + (i - 1) + " is not key=value, or repeated");
            }
        }
        try {
            return new Message(parts[0], parts[1], fields);
        } catch (IllegalArgumentException e) {
            throw new MalformedLine(e.getMessage());
        }
    }

    /**
     * The next line of a pipe, without its newline; null at its end. A line longer than {@link #MAX_LINE} is read
     * to its end but kept only in part (its start), so that it is refused, never held whole in memory.
     */
    public static String readLine(java.io.Reader in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() <= MAX_LINE) {
                line.append((char) c);
            }
        }
        return c == -1 && line.length() == 0 ? null : line.toString();
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static String hexText(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] unhex(String hex) throws MalformedLine {
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new MalformedLine("not hex");
        }
    }

    public static String text(String hex) throws MalformedLine {
        return new String(unhex(hex), StandardCharsets.UTF_8);
    }

    private static void require(Pattern p, String value, String what) {
        Objects.requireNonNull(value, what);
        if (!p.matcher(value).matches()) {
            throw new IllegalArgumentException("bad " + what);
        }
    }
}
