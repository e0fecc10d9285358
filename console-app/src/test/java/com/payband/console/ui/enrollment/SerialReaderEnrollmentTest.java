package com.payband.console.ui.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.ReaderChoice;
import com.payband.console.ui.UiTestContexts;
import com.payband.console.ui.enrollment.EnrollmentViewModel.Step;
import com.payband.console.ui.settings.ReadersViewModel;
import com.payband.drivers.idcard.serial.SerialIdCardReader;
import com.payband.drivers.idcard.serial.VirtualSerialCable;
import com.payband.drivers.idcard.serial.sim.HostLine;
import com.payband.drivers.idcard.serial.sim.LineTiming;
import com.payband.drivers.idcard.serial.sim.SerialReaderSimulator;
import com.payband.drivers.idcard.serial.sim.SimulatedSam;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizard enrolls from a GA/T 467 serial reader chosen in Settings: a real socat pty pair with the
 * project's reader simulator on the far end, speaking the protocol byte for byte.
 */
class SerialReaderEnrollmentTest {

    @TempDir
    Path dir;

    @Test
    void settingsFindTheSerialReaderAndTheWizardEnrollsFromIt() throws Exception {
        ConsoleServices services = TestStores.registered(dir.resolve("store"));
        StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        try (VirtualSerialCable cable = VirtualSerialCable.start(dir);
                SerialReaderSimulator simulator = SerialReaderSimulator.attach(new SimulatedSam(Clock.systemUTC()),
                        cable.simEnd().toString(), LineTiming.instant(115200), HostLine.terminal(cable.hostEnd()));
                ConsoleContext context = UiTestContexts.open(dir, services, clerk)) {
            context.setSerialGlobs(List.of(cable.hostEnd().toString()));
            ReadersViewModel readers = new ReadersViewModel(context);
            readers.rescan();
            assertThat(readers.rows().get(0).choice()).isEqualTo(ReaderChoice.SIMULATOR);
            assertThat(readers.rows().get(0).inUse()).isTrue();
            ReadersViewModel.ReaderRow serial = readers.rows().stream()
                    .filter(r -> r.choice().serial() && r.choice().path().equals(cable.hostEnd().toString()))
                    .findFirst().orElseThrow();
            assertThat(serial.usable()).isTrue();
            assertThat(serial.status()).contains("ID card reader").contains("115200");
            readers.selected().set(serial);
            readers.useSelected();
            assertThat(context.reader()).isInstanceOf(SerialIdCardReader.class);
            assertThat(context.readerChoice()).isEqualTo(ReaderChoice.serial(cable.hostEnd().toString(), OptionalInt.of(115200)));
            assertThat(context.simulatedReader()).isEmpty();

            EnrollmentViewModel wizard = new EnrollmentViewModel(context);
            wizard.readDocument();
            assertThat(wizard.problem().get()).as("no card on the serial reader yet").contains("No card");
            simulator.sam().insertCard("ayigul");
            wizard.readDocument();
            assertThat(wizard.documentAccepted().get()).isTrue();
            assertThat(wizard.shownName()).isEqualTo("阿依古丽·买买提");
            wizard.next();
            wizard.consentGiven().set(true);
            wizard.next();
            wizard.simulatePhoneCode(); // the customer's phone shows its key code
            wizard.next();
            wizard.serialTyped().set("PB100001");
            wizard.serialEntered();
            wizard.next();
            assertThat(wizard.step().get()).isEqualTo(Step.VERIFY);

            // the cable pulled: the next read fails plainly, at once
            cable.pull();
            wizard.enrollNext();
            wizard.readDocument();
            // said as a cable problem: not the read's timeout running out
            assertThat(wizard.problem().get()).contains("not connected");
        }
    }
}
