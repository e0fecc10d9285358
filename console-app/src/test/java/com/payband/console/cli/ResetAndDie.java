package com.payband.console.cli;

import com.payband.band.BandSerial;
import com.payband.console.support.ResetStep;
import java.util.Optional;

/**
 * Test-only main: a console that resets a recovered band and is killed outright (as kill -9) the moment the reset
 * reaches the given step. Arguments: data folder, staff name, band serial, step.
 */
public final class ResetAndDie {

    private ResetAndDie() {
    }

    public static void main(String[] args) throws Exception {
        ResetStep dieAt = ResetStep.valueOf(args[3]);
        DyingConsole.Opened console = DyingConsole.open(args[0], args[1]);
        console.services().support().resetRecoveredBand(console.staff(), new BandSerial(args[2]), Optional.empty(),
                Optional.empty(), com.payband.console.binding.ReasonCode.DAMAGED, "returned with a cracked strap",
                step -> DyingConsole.step(step, dieAt));
        DyingConsole.finished();
    }
}
