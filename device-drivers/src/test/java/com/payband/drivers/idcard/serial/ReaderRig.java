package com.payband.drivers.idcard.serial;

import com.payband.drivers.idcard.ReaderEvent;
import com.payband.drivers.idcard.serial.sim.HostLine;
import com.payband.drivers.idcard.serial.sim.LineTiming;
import com.payband.drivers.idcard.serial.sim.SerialReaderSimulator;
import com.payband.drivers.idcard.serial.sim.SimulatedSam;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The test peer in one piece: a {@link VirtualSerialCable}, the reader simulator on its far end, and
 * the driver on its near end. Closes all three, socat by PID.
 */
final class ReaderRig implements AutoCloseable {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneId.of("Asia/Shanghai"));

    /** Test settings: the defaults, with a shorter silence bound so that damaged frames cost little time. */
    static SerialReaderSettings settings() {
        return SerialReaderSettings.defaults().withGapTimeout(Duration.ofMillis(40)).withReadDeadline(Duration.ofSeconds(8));
    }

    final VirtualSerialCable cable;
    final SimulatedSam sam;
    final SerialReaderSimulator simulator;
    final SerialIdCardReader reader;
    final LinkedBlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();

    private ReaderRig(VirtualSerialCable cable, SimulatedSam sam, SerialReaderSimulator simulator, SerialIdCardReader reader) {
        this.cable = cable;
        this.sam = sam;
        this.simulator = simulator;
        this.reader = reader;
        reader.subscribe(events::add);
    }

    /** The simulator at {@code timing}, the host matching it, the driver finding the speed. */
    static ReaderRig start(Path dir, LineTiming timing) throws Exception {
        return start(dir, timing, null, settings(), null);
    }

    /**
     * @param host     the host's line as the simulator sees it (null: read it from the host's pty)
     * @param fixedBaud the driver's speed, or null to find it
     */
    static ReaderRig start(Path dir, LineTiming timing, HostLine host, SerialReaderSettings settings, Integer fixedBaud)
            throws Exception {
        VirtualSerialCable cable = VirtualSerialCable.start(dir);
        try {
            SimulatedSam sam = new SimulatedSam(CLOCK);
            HostLine line = host != null ? host : HostLine.terminal(cable.hostEnd());
            SerialReaderSimulator simulator = SerialReaderSimulator.attach(sam, cable.simEnd().toString(), timing, line);
            SerialIdCardReader reader = fixedBaud == null
                    ? SerialIdCardReader.open(cable.hostEnd().toString(), settings)
                    : SerialIdCardReader.open(cable.hostEnd().toString(), fixedBaud, settings);
            return new ReaderRig(cable, sam, simulator, reader);
        } catch (Exception | Error e) {
            cable.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        reader.close();
        simulator.close();
        cable.close();
    }
}
