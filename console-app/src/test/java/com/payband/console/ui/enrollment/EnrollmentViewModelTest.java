package com.payband.console.ui.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.BindingState;
import com.payband.console.enrollment.EnrollmentException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import com.payband.console.ui.enrollment.EnrollmentViewModel.BindLine;
import com.payband.console.ui.enrollment.EnrollmentViewModel.LineState;
import com.payband.console.ui.enrollment.EnrollmentViewModel.Step;
import com.payband.band.BandSerial;
import com.payband.band.BandState;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wizard's logic on a real store with the simulated reader and bands, without a screen. */
class EnrollmentViewModelTest {

    @TempDir
    Path dir;

    private ConsoleServices services;
    private ConsoleContext context;
    private EnrollmentViewModel wizard;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.registered(dir);
        StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        context = UiTestContexts.open(dir, services, clerk);
        wizard = new EnrollmentViewModel(context);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void aCustomerIsEnrolledStepByStep() throws Exception {
        readAndConsent("zhang-wei");
        assertThat(wizard.step().get()).isEqualTo(Step.PHONE);
        assertThat(services.customers().count()).isEqualTo(1);
        // what the scanner typed is not a phone code: said, and the wizard waits
        wizard.phoneCode().set("PB100001");
        wizard.acceptPhone();
        assertThat(wizard.problem().get()).contains("not a PayBand phone code");
        assertThat(wizard.canGoNext()).isFalse();
        wizard.simulatePhoneCode();
        var phone = services.simulator().customerPhone(wizard.customer().customerId()).key();
        assertThat(wizard.phone().get().key()).isEqualTo(phone);
        assertThat(wizard.phoneStatus().get()).contains(phone.fingerprint().shortForm());
        assertThat(wizard.problem().get()).isEmpty();
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.FIND_BAND);

        wizard.serialTyped().set(" pb-100001 ");
        wizard.serialEntered();
        assertThat(wizard.chosenSerial()).contains(new BandSerial("PB100001"));
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.VERIFY);
        for (BindLine line : BindLine.values()) {
            assertThat(wizard.lineState(line).get()).isEqualTo(LineState.DONE);
        }
        assertThat(services.lifecycle().latestBindingOfBand("PB100001").orElseThrow().state()).isEqualTo(BindingState.ACTIVE);

        assertThat(services.simulator().band(new BandSerial("PB100001")).linkedPhone()).contains(phone);

        wizard.verifyPayment();
        assertThat(wizard.problem().get()).contains("Scan the payment code");
        wizard.paymentCode().set("a photo of the band's box");
        wizard.verifyPayment();
        assertThat(wizard.problem().get()).contains("not a PayBand payment code");
        wizard.simulateCustomer();
        assertThat(wizard.paymentCode().get()).startsWith("PBPAY1:");
        wizard.verifyPayment();
        assertThat(wizard.step().get()).isEqualTo(Step.DONE);
        assertThat(wizard.paymentVerified().get()).isTrue();

        Path receipt = dir.resolve("receipt.pdf");
        wizard.saveReceipt(receipt);
        assertThat(wizard.receiptNote().get()).startsWith("Receipt saved");
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(receipt.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
            assertThat(text).contains("PB100001").contains(wizard.enrolled().bindingId().toString())
                    .contains(wizard.consentVersion()).contains(phone.fingerprint().shortForm()).doesNotContain("张伟");
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
        }
        // printing: what the clerk is told for a computer without a printer, one that takes the receipt, and one
        // that refuses it (the real print system: ReceiptPrintingTest)
        context.useReceiptPrinter(com.payband.console.receipt.ReceiptPrinter.none());
        wizard.printReceipt();
        assertThat(wizard.receiptNote().get()).isEqualTo(context.text("enroll.receipt.noPrinter"));
        java.util.List<byte[]> printed = new java.util.ArrayList<>();
        context.useReceiptPrinter((pdf, jobName) -> {
            printed.add(pdf);
            assertThat(jobName).isEqualTo(wizard.receiptFileName());
            return java.util.Optional.of("Front desk");
        });
        wizard.printReceipt();
        assertThat(wizard.receiptNote().get()).isEqualTo("Receipt sent to the printer Front desk.");
        assertThat(printed).hasSize(1);
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(printed.get(0))) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(pdf)).contains("PB100001");
        }
        context.useReceiptPrinter((pdf, jobName) -> {
            throw new com.payband.console.receipt.ReceiptException(
                    com.payband.console.receipt.ReceiptException.Reason.PRINT_FAILED, "Printer is not accepting job.");
        });
        wizard.printReceipt();
        assertThat(wizard.receiptNote().get()).startsWith("The printer did not take the receipt");

        wizard.enrollNext();
        assertThat(wizard.step().get()).isEqualTo(Step.READ_DOCUMENT);
        assertThat(wizard.document().get()).isNull();
        assertThat(wizard.consentGiven().get()).isFalse();
        assertThat(wizard.phone().get()).isNull();
        assertThat(wizard.phoneCode().get()).isEmpty();
        assertThat(wizard.paymentCode().get()).isEmpty();
    }

    @Test
    void aPhoneCodeChangedAfterItWasAcceptedMustBeCheckedAgain() throws Exception {
        readAndConsent("zhang-wei");
        wizard.simulatePhoneCode();
        assertThat(wizard.canGoNext()).isTrue();
        // a second scan (another phone's code) replaces the first: not accepted until checked
        String thiefs = services.simulator().thiefPhone().keyCode().text();
        wizard.phoneCode().set(thiefs);
        assertThat(wizard.phone().get()).isNull();
        assertThat(wizard.canGoNext()).isFalse();
        wizard.back();
        assertThat(wizard.step().get()).isEqualTo(Step.CONSENT);
    }

    @Test
    void aBandAThiefPairedOnTheShelfIsRefusedInWords() {
        readConsentAndPhone("zhang-wei");
        bind("PB800001");
        assertThat(wizard.refusal().get()).isEqualTo(EnrollmentException.Reason.PHONE_PRELINKED);
        assertThat(wizard.problem().get()).contains("paired it before the sale").contains("tell support");
        assertThat(services.lifecycle().latestBindingOfBand("PB800001")).isEmpty();
    }

    @Test
    void theDocumentShowsTheNameInFullAndTheNumberMasked() {
        wizard.placeSampleCard("zhang-wei");
        wizard.readDocument();
        assertThat(wizard.documentAccepted().get()).isTrue();
        assertThat(wizard.shownName()).isEqualTo("张伟");
        assertThat(wizard.shownNumber()).contains("*").doesNotContain("19491231");
    }

    @Test
    void aRefusedDocumentCannotGoOn() {
        wizard.placeSampleCard("wang-fang-expired");
        wizard.readDocument();
        assertThat(wizard.documentAccepted().get()).isFalse();
        assertThat(wizard.problem().get()).startsWith("Document refused");
        assertThat(wizard.canGoNext()).isFalse();
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.READ_DOCUMENT);
    }

    @Test
    void aPassportWhoseChipDataWasAlteredIsRefusedAndTheRefusalAudited() {
        // a genuine sample passport reads on the simulated reader (the simulator "scans" its MRZ too)
        wizard.placeSampleCard("passport-anna");
        wizard.readDocument();
        assertThat(wizard.documentAccepted().get()).isTrue();
        assertThat(wizard.consentLocale().get()).as("a passport: the console's language").isEqualTo(Locale.ENGLISH);
        wizard.placeSampleCard("passport-tampered");
        wizard.readDocument();
        assertThat(wizard.documentAccepted().get()).isFalse();
        assertThat(wizard.problem().get()).startsWith("Document refused").contains("failed authentication");
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.READ_DOCUMENT);
        assertThat(services.customers().count()).isZero();
        java.util.List<com.payband.console.audit.AuditEvent> reads = new java.util.ArrayList<>();
        services.audit().forEach(new com.payband.console.audit.AuditQuery(java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(com.payband.console.audit.AuditAction.DOCUMENT_READ), 100), reads::add);
        assertThat(reads).hasSize(2).last().satisfies(e -> {
            assertThat(e.reason()).contains("REFUSED");
            assertThat(e.detail().orElse("")).contains("PASSIVE_AUTHENTICATION_FAILED").doesNotContain("MALLORY");
        });
    }

    @Test
    void aTypedSerialChoosesItsBandAsItIsTypedAndLetsGoWhenItStopsBeingOne() {
        readConsentAndPhone("zhang-wei");
        wizard.serialTyped().set("PB10000");
        assertThat(wizard.chosenSerial()).as("not a whole serial yet").isEmpty();
        assertThat(wizard.problem().get()).as("no complaint while typing").isEmpty();
        wizard.serialTyped().set("PB100001");
        assertThat(wizard.chosenSerial()).contains(new com.payband.band.BandSerial("PB100001"));
        assertThat(wizard.nextAllowed().get()).isTrue();
        wizard.serialTyped().set("PB1000012");
        assertThat(wizard.chosenSerial()).as("the text is no longer that serial").isEmpty();
        assertThat(wizard.nextAllowed().get()).isFalse();
    }

    @Test
    void noCardOnTheReaderIsSaidPlainly() {
        wizard.removeCard();
        wizard.readDocument();
        assertThat(wizard.problem().get()).contains("No card on the reader");
        assertThat(wizard.busy().get()).isFalse();
    }

    @Test
    void consentNeedsTheCustomersAgreementAndFollowsTheirLanguage() {
        wizard.placeSampleCard("zhang-wei");
        wizard.readDocument();
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.CONSENT);
        // a Chinese resident ID card: the consent is offered in Chinese first, in an English console too
        assertThat(wizard.consentLocale().get()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        String chinese = wizard.consentText().get();
        assertThat(chinese).containsPattern("\\p{IsHan}");
        wizard.consentLocale().set(Locale.ENGLISH);
        assertThat(wizard.consentText().get()).isNotEqualTo(chinese).doesNotContainPattern("\\p{IsHan}");
        wizard.consentLocale().set(Locale.SIMPLIFIED_CHINESE);
        wizard.next();
        assertThat(wizard.step().get()).as("not without the agreement").isEqualTo(Step.CONSENT);
        wizard.consentGiven().set(true);
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.PHONE);
    }

    @Test
    void aStolenBandIsFlaggedAndNothingIsBound() {
        readConsentAndPhone("zhang-wei");
        bind("PB300001");
        assertThat(wizard.refusal().get()).isEqualTo(EnrollmentException.Reason.REPORTED_STOLEN);
        assertThat(wizard.stolen().get()).isTrue();
        assertThat(wizard.problem().get()).contains("REPORTED STOLEN").contains("call support");
        assertThat(wizard.canRetry()).isFalse();
        assertThat(services.lifecycle().latestBindingOfBand("PB300001")).isEmpty();
        wizard.chooseAnotherBand();
        assertThat(wizard.step().get()).isEqualTo(Step.FIND_BAND);
        assertThat(wizard.stolen().get()).isFalse();
    }

    @Test
    void aBandThatDropsTheLinkAfterTakingTheBindIsFinishedAndTheClerkIsTold() {
        readConsentAndPhone("zhang-wei");
        wizard.serialTyped().set("PB600001");
        wizard.serialEntered();
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.VERIFY);
        assertThat(wizard.bindStatus().get()).contains("link dropped").contains("finished");
        assertThat(services.lifecycle().latestBindingOfBand("PB600001").orElseThrow().state()).isEqualTo(BindingState.ACTIVE);
        assertThat(services.simulator().radio().band(new BandSerial("PB600001")).orElseThrow().state())
                .isEqualTo(BandState.BOUND);
    }

    @Test
    void aBandThatCannotBeReachedIsSaidAndTheRetryBindsOnceItIsBack() throws Exception {
        readConsentAndPhone("zhang-wei");
        var band = services.simulator().radio().band(new BandSerial("PB100002")).orElseThrow();
        services.simulator().radio().remove(band.serial());
        bind("PB100002");
        assertThat(wizard.refusal().get()).isEqualTo(EnrollmentException.Reason.BAND_NOT_FOUND);
        assertThat(wizard.problem().get()).contains("not in range");
        assertThat(wizard.canRetry()).isTrue();
        assertThat(services.lifecycle().latestBindingOfBand("PB100002")).isEmpty();
        services.simulator().radio().add(band, -50);
        wizard.retry();
        assertThat(wizard.step().get()).isEqualTo(Step.VERIFY);
    }

    @Test
    void aWrongSerialIsRefusedAsTyped() {
        readConsentAndPhone("zhang-wei");
        wizard.serialTyped().set("XX12");
        wizard.serialEntered();
        assertThat(wizard.problem().get()).contains("is not a band serial");
        assertThat(wizard.chosenSerial()).isEmpty();
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.FIND_BAND);
    }

    @Test
    void theMrzIsCheckedAsItIsTypedAndNamesTheWrongField() {
        assertThat(wizard.needsMrz()).as("the simulator needs no MRZ").isFalse();
        String line1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
        String line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
        wizard.mrz().set(line1 + "\n" + line2.substring(0, 20));
        assertThat(wizard.mrzComplete().get()).isFalse();
        wizard.mrz().set(line1 + "\n" + line2.replace("L898902C36", "L898902C37"));
        assertThat(wizard.mrzStatus().get()).isEqualTo("Document number: the check digit does not match; check this field");
        assertThat(wizard.mrzComplete().get()).isFalse();
        wizard.mrz().set(line1 + "\n" + line2);
        assertThat(wizard.mrzStatus().get()).isEqualTo("MRZ complete: the chip can be opened.");
        assertThat(wizard.mrzComplete().get()).isTrue();
    }

    private void readAndConsent(String card) {
        wizard.placeSampleCard(card);
        wizard.readDocument();
        wizard.next();
        wizard.consentGiven().set(true);
        wizard.next();
    }

    private void readConsentAndPhone(String card) {
        readAndConsent(card);
        wizard.simulatePhoneCode();
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.FIND_BAND);
    }

    private void bind(String serial) {
        wizard.serialTyped().set(serial);
        // a whole serial chooses its band as it is typed: no Enter needed before binding
        assertThat(wizard.chosenSerial()).contains(new com.payband.band.BandSerial(serial));
        assertThat(wizard.typedSerialChosen()).isTrue();
        wizard.next();
        assertThat(wizard.step().get()).isEqualTo(Step.BIND);
    }
}
