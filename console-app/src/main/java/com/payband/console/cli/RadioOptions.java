package com.payband.console.cli;

import com.payband.console.bands.BandTransport;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --transport sim|tinyb|tinyb-stand-in} and {@code --adapter NAME}, on every command that reaches a band:
 * which radio it goes through. {@code --sim} alone means the simulated radio.
 */
final class RadioOptions {

    @Option(names = "--transport", paramLabel = "sim|tinyb|tinyb-stand-in", descriptionKey = "radio.transport")
    String transport;

    @Option(names = "--adapter", paramLabel = "NAME", descriptionKey = "radio.adapter")
    String adapter;

    /** Chooses this command's radio: {@code --transport}, else {@code --sim}'s simulator; neither is a usage error. */
    void choose(CliContext context, boolean sim) {
        BandTransport chosen;
        if (transport == null) {
            if (!sim) {
                throw new CliFailure(ExitCode.USAGE, "error.band.chooseRadio");
            }
            if (adapter != null) {
                throw new CliFailure(ExitCode.USAGE, "error.band.adapterWithoutTinyB");
            }
            chosen = BandTransport.SIMULATED;
        } else {
            BandTransport.Kind kind = BandTransport.kind(transport)
                    .orElseThrow(() -> new CliFailure(ExitCode.USAGE, "error.band.transport", transport));
            if (adapter != null && kind != BandTransport.Kind.TINYB) {
                throw new CliFailure(ExitCode.USAGE, "error.band.adapterWithoutTinyB");
            }
            try {
                chosen = new BandTransport(kind, Optional.ofNullable(adapter));
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, "error.band.adapter", adapter);
            }
        }
        context.setBandTransport(chosen);
    }
}
