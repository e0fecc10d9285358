package com.payband.drivers.idcard.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.BindingState;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.ReaderChoice;
import com.payband.console.ui.UiTestContexts;
import com.payband.console.ui.enrollment.EnrollmentViewModel;
import com.payband.console.ui.enrollment.EnrollmentViewModel.Step;
import com.payband.console.ui.settings.ReadersViewModel;
import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.TravelDocument;
import com.payband.drivers.idcard.pcsc.sim.ChipVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizard enrolls a passport holder through the real PC/SC stack: pcscd with the vpcd virtual
 * readers and the project's virtual passport, the reader chosen in Settings, the MRZ typed, the chip
 * opened with BAC and checked against the store's CSCA folder. (In this package to use the
 * device-drivers test peers.)
 */
class PassportEnrollmentTest {

    @TempDir
    Path dir;

    @Test
    void aPassportHolderIsEnrolledFromAPcscReader() throws Exception {
        Pcscd.shared();
        ConsoleServices services = TestStores.registered(dir);
        StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        Files.createDirectories(dir.resolve("csca"));
        Files.write(dir.resolve("csca/ut-csca.cer"), VirtualPassports.PKI.csca().getEncoded());
        try (ConsoleContext context = UiTestContexts.open(dir, services, clerk);
                VirtualPassports passports = new VirtualPassports(context.pcsc())) {
            passports.insert(0, VirtualPassports.anna(), ChipVariant.GENUINE);
            VirtualPassports.awaitCard(context.pcsc(), Pcscd.READER_0, true);

            ReadersViewModel readers = new ReadersViewModel(context);
            readers.rescan();
            ReadersViewModel.ReaderRow row = readers.rows().stream()
                    .filter(r -> r.choice().equals(ReaderChoice.pcsc(Pcscd.READER_0))).findFirst().orElseThrow();
            assertThat(row.status()).isEqualTo("card on the reader");
            readers.selected().set(row);
            readers.useSelected();
            assertThat(context.reader()).isInstanceOf(PcscIdCardReader.class);

            EnrollmentViewModel wizard = new EnrollmentViewModel(context);
            assertThat(wizard.needsMrz()).isTrue();
            wizard.readDocument();
            assertThat(wizard.problem().get()).isEqualTo("Type or scan the MRZ of the passport first.");
            wizard.mrz().set(VirtualPassports.anna().mrz());
            assertThat(wizard.mrzComplete().get()).isTrue();
            wizard.readDocument();
            assertThat(wizard.problem().get()).isEmpty();
            assertThat(wizard.documentAccepted().get()).isTrue();
            TravelDocument passport = (TravelDocument) wizard.document().get();
            assertThat(passport.documentType()).isEqualTo(DocumentType.PASSPORT);
            assertThat(passport.passiveAuthentication()).isEqualTo(PassiveAuthentication.VALID);

            wizard.next();
            wizard.consentGiven().set(true);
            wizard.next();
            wizard.simulatePhoneCode(); // the customer's phone shows its key code
            wizard.next();
            wizard.serialTyped().set("PB100001");
            wizard.serialEntered();
            wizard.next();
            assertThat(wizard.step().get()).isEqualTo(Step.VERIFY);
            assertThat(services.lifecycle().latestBindingOfBand("PB100001").orElseThrow().state())
                    .isEqualTo(BindingState.ACTIVE);
        }
    }
}
