package com.payband.console.reader;

import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import com.payband.drivers.idcard.sim.SimulatorSettings;
import java.time.Clock;
import java.util.List;

/**
 * The readers this console can use. The simulator is always there (demo, training, tests); the serial
 * and PC/SC drivers add theirs when they are installed.
 */
public final class ReaderCatalog {

    public static final String SIMULATOR_ID = "sim:0";

    private final Clock clock;

    public ReaderCatalog(Clock clock) {
        this.clock = clock;
    }

    /** A simulated reader that takes as long as a real 115200-baud reader. */
    public SimulatedIdCardReader simulator() {
        return new SimulatedIdCardReader(SimulatorSettings.realistic(clock));
    }

    public List<ReaderInfo> available() {
        try (IdCardReader sim = simulator()) {
            return List.of(sim.info());
        }
    }
}
