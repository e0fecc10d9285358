package com.payband.drivers.idcard.pcsc.sim;

import com.payband.drivers.idcard.Portrait;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * A virtual passport as a process of its own, for demos, staff training and scripts
 * (src/scripts/pcsc-peer.sh): it lies on a vpcd reader until the process ends.
 *
 * <pre>
 * java ... VirtualPassportMain --state-dir DIR [--reader 0|1] [--variant GENUINE|TAMPERED_DG1|WRONG_SIGNER|NOT_AN_EMRTD]
 *                              [--face JPEG|JPEG2000]
 * </pre>
 *
 * It writes into {@code DIR}: {@code trust/csca-ut.cer} (the test CSCA: a trust folder under which the
 * passport's passive authentication is VALID), {@code mrz.txt} (the two MRZ lines, what staff would
 * type or scan) and, once vpcd has taken the card, {@code ready}. It prints nothing: the module has no
 * console output (an architecture rule); the files are the interface.
 */
public final class VirtualPassportMain {

    private VirtualPassportMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path stateDir = null;
        int reader = 0;
        ChipVariant variant = ChipVariant.GENUINE;
        Portrait.Format face = Portrait.Format.JPEG;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--state-dir" -> stateDir = Paths.get(value);
                case "--reader" -> reader = Integer.parseInt(value);
                case "--variant" -> variant = ChipVariant.valueOf(value.toUpperCase(Locale.ROOT));
                case "--face" -> face = Portrait.Format.valueOf(value.toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--state-dir DIR [--reader 0|1] [--variant V] [--face JPEG|JPEG2000])");
            }
            i++;
        }
        if (stateDir == null) {
            throw new IllegalArgumentException("--state-dir DIR is required");
        }
        EmrtdPki pki = EmrtdPki.create("UT", Instant.now());
        PassportHolder holder = PassportHolder.specimen(LocalDate.now());
        PassportChip chip = PassportChip.issue(pki, holder, variant, face);
        Files.createDirectories(stateDir);
        Files.deleteIfExists(stateDir.resolve("ready"));
        pki.writeCsca(stateDir.resolve("trust"));
        Files.writeString(stateDir.resolve("mrz.txt"), holder.line1() + "\n" + holder.line2() + "\n",
                StandardCharsets.US_ASCII);

        VirtualCard card = new VirtualCard(new PassportApplet(chip), reader);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            card.remove();
            stopped.countDown();
        }, "virtual-passport-stop"));
        while (!card.insertAndWait(1, java.util.concurrent.TimeUnit.SECONDS)) {
            // vpcd not listening yet (pcscd starting): the card keeps trying.
        }
        Files.writeString(stateDir.resolve("ready"), Long.toString(ProcessHandle.current().pid()),
                StandardCharsets.US_ASCII);
        stopped.await();
    }
}
