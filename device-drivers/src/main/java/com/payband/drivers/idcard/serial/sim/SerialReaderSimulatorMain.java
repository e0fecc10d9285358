package com.payband.drivers.idcard.serial.sim;

import com.payband.drivers.idcard.serial.SamCommand;
import com.payband.drivers.idcard.serial.SamStatus;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The reader simulator as a process of its own, for demos, training and tests that attach it to the
 * far end of a virtual serial cable:
 *
 * <pre>
 * socat -d -d pty,raw,echo=0,link=/tmp/ttyHOST pty,raw,echo=0,link=/tmp/ttySIM &amp;
 * java -cp device-drivers.jar:jSerialComm.jar:slf4j-api.jar \
 *     com.payband.drivers.idcard.serial.sim.SerialReaderSimulatorMain --port /tmp/ttySIM --card zhang-wei
 * </pre>
 *
 * Options: {@code --port PATH} (required), {@code --baud N} (its own line speed, default 115200),
 * {@code --line-scale X} (1.0 real line time, 0 none), {@code --card SAMPLE}, {@code --host-port PATH}
 * (read the host's speed from its pty: answers noise when it differs), {@code --host-baud N} (or say
 * the host's speed), {@code --thinking MS} (a slow SAM).
 *
 * <p>It prints {@code ready} once it listens, then reads commands from standard input, one per line,
 * answering {@code ok} or {@code error: …}: {@code insert SAMPLE}, {@code remove}, {@code fault NAME
 * [COMMAND] [TIMES]} (a {@link SerialFault}, optionally only on a {@link SamCommand}), {@code clear},
 * {@code thinking MS}, {@code sam-status NAME} (a {@link SamStatus}), {@code host-baud N},
 * {@code status}, {@code quit}. End of input also quits.
 */
public final class SerialReaderSimulatorMain {

    private SerialReaderSimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        PrintStream out = System.out;
        String port = null;
        int baud = 115200;
        double scale = 1.0;
        String card = null;
        String hostPort = null;
        Integer hostBaud = null;
        long thinking = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = value;
                case "--baud" -> baud = Integer.parseInt(required(value, "--baud"));
                case "--line-scale" -> scale = Double.parseDouble(required(value, "--line-scale"));
                case "--card" -> card = value;
                case "--host-port" -> hostPort = value;
                case "--host-baud" -> hostBaud = Integer.parseInt(required(value, "--host-baud"));
                case "--thinking" -> thinking = Long.parseLong(required(value, "--thinking"));
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        if (port == null) {
            System.err.println("usage: --port PATH [--baud N] [--line-scale X] [--card SAMPLE] "
                    + "[--host-port PATH | --host-baud N] [--thinking MS]");
            System.exit(2);
        }
        SimulatedSam sam = new SimulatedSam(Clock.systemDefaultZone());
        if (card != null) {
            sam.insertCard(card);
        }
        sam.thinking(Duration.ofMillis(thinking));
        HostLine.Settable settable = hostBaud == null ? null : HostLine.settable(hostBaud);
        HostLine host = hostPort != null ? HostLine.terminal(Paths.get(hostPort)) : settable != null ? settable : HostLine.matching();
        try (SerialReaderSimulator simulator = SerialReaderSimulator.attach(sam, port,
                new LineTiming(baud, scale), host)) {
            out.println("ready " + port + " " + baud + " baud, SAM " + sam.id());
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                if (words[0].isEmpty()) {
                    continue;
                }
                if (words[0].equals("quit")) {
                    out.println("ok");
                    break;
                }
                try {
                    out.println(command(words, sam, simulator, settable));
                } catch (RuntimeException e) {
                    out.println("error: " + e.getMessage());
                }
                out.flush();
            }
        }
    }

    private static String command(String[] w, SimulatedSam sam, SerialReaderSimulator simulator, HostLine.Settable host) {
        switch (w[0]) {
            case "insert" -> {
                sam.insertCard(arg(w, 1, "a sample name (" + String.join(", ", SampleDocuments.names()) + ")"));
                return "ok";
            }
            case "remove" -> {
                sam.removeCard();
                return "ok";
            }
            case "fault" -> {
                SerialFault fault = SerialFault.valueOf(arg(w, 1, "a fault").toUpperCase(Locale.ROOT));
                SamCommand on = w.length > 2 ? SamCommand.valueOf(w[2].toUpperCase(Locale.ROOT)) : null;
                int times = w.length > 3 ? Integer.parseInt(w[3]) : 1;
                if (on == null && times == 1) {
                    sam.inject(fault);
                } else {
                    sam.inject(fault, on, times);
                }
                return "ok";
            }
            case "clear" -> {
                sam.clearFaults();
                return "ok";
            }
            case "thinking" -> {
                sam.thinking(Duration.ofMillis(Long.parseLong(arg(w, 1, "milliseconds"))));
                return "ok";
            }
            case "sam-status" -> {
                sam.samStatus(SamStatus.valueOf(arg(w, 1, "a SAM status").toUpperCase(Locale.ROOT)));
                return "ok";
            }
            case "host-baud" -> {
                if (host == null) {
                    return "error: start with --host-baud to change it";
                }
                host.set(Integer.parseInt(arg(w, 1, "a baud rate")));
                return "ok";
            }
            case "status" -> {
                return "ok " + (simulator.running() ? "running" : "stopped") + ", card " + (sam.hasCard() ? "present" : "absent")
                        + ", " + sam.commands() + " commands, " + simulator.traffic();
            }
            default -> {
                return "error: unknown command " + w[0];
            }
        }
    }

    private static String arg(String[] words, int index, String what) {
        if (words.length <= index) {
            throw new IllegalArgumentException("give " + what);
        }
        return words[index];
    }

    private static String required(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
