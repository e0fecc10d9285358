package com.payband.console.cli;

import com.payband.console.customer.RegisteredCustomer;
import com.payband.console.enrollment.CustomerPhone;
import com.payband.console.enrollment.Enrolled;
import com.payband.console.enrollment.EnrollmentStep;
import com.payband.console.i18n.Messages;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.reader.DocumentReading;
import com.payband.band.BandSerial;
import com.payband.band.protocol.PaymentCode;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code enroll}: the counter's whole job in one command: read the customer's document, register them,
 * take their phone's key, bind the band to both, and check a first payment code from their phone.
 */
@Command(name = "enroll", resourceBundle = "i18n.cli", mixinStandardHelpOptions = true)
final class EnrollCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--sim", descriptionKey = "enroll.sim")
    boolean sim;

    @picocli.CommandLine.Mixin
    RadioOptions radio;

    @Option(names = "--card", paramLabel = "SAMPLE", defaultValue = "zhang-wei", descriptionKey = "reader.card")
    String card;

    @Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "enroll.band")
    String band;

    @Option(names = "--phone-key", paramLabel = "CODE", descriptionKey = "enroll.phoneKey")
    String phoneKey;

    @Option(names = "--queue-if-offline", descriptionKey = "enroll.queueIfOffline")
    boolean queueIfOffline;

    @Option(names = "--json", descriptionKey = "json")
    boolean json;

    EnrollCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        radio.choose(context, sim);
        BandSerial serial = BandCommand.serial(band);
        Messages m = context.messages();
        return Commands.signedIn(context, (services, staff) -> {
            ReaderCommand.SimulatedCardOptions.Prepared prepared = ReaderCommand.SimulatedCardOptions.prepare(card, false, null);
            DocumentReading.Result read;
            ReaderInfo reader;
            step(m.get("enroll.step.reading"));
            try (SimulatedIdCardReader r = prepared.reader()) {
                reader = r.info();
                read = services.documentReading().readAndWait(staff, r, prepared.request());
            }
            RegisteredCustomer customer = services.customers().register(staff, read.document(), reader);
            step(m.get(customer.isNew() ? "enroll.step.registered" : "enroll.step.known", customer.match().maskedName()));
            // The customer's payment app shows its key code; the scanner types it (--phone-key), or here the
            // simulator plays the customer's phone.
            String code = phoneKey != null ? phoneKey
                    : services.simulator().customerPhone(customer.customerId()).keyCode().text();
            CustomerPhone phone = services.enrollment().acceptPhone(staff, customer.customerId(), code);
            step(m.get("enroll.step.phoneAccepted", phone.fingerprint().shortForm()));
            Enrolled enrolled;
            try {
                enrolled = services.enrollment().enroll(staff, customer.customerId(), serial, phone,
                        s -> step(m.get("enroll.step." + s.name())));
            } catch (com.payband.console.enrollment.EnrollmentException e) {
                if (!queueIfOffline || (e.reason() != com.payband.console.enrollment.EnrollmentException.Reason.ISSUER_UNAVAILABLE
                        && e.reason() != com.payband.console.enrollment.EnrollmentException.Reason.CONSOLE_NOT_REGISTERED)) {
                    throw e;
                }
                // the backend is down or not registered yet: the bind waits in the queue; `sync now` (or the window) makes it later
                var queued = services.enrollmentQueue().queue(staff, customer.customerId(), serial, phone);
                if (json) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("customerId", customer.customerId().toString());
                    out.put("maskedName", customer.match().maskedName());
                    out.put("bandSerial", serial.value());
                    out.put("state", "QUEUED");
                    out.put("queueEntry", queued.id());
                    out.put("phoneFingerprint", phone.fingerprint().hex());
                    Json.print(context.out(), out);
                } else {
                    context.out().println(m.get("enroll.queued", serial.value(), customer.match().maskedName()));
                }
                return ExitCode.OK;
            }

            // The customer puts the band on, unlocks it from their phone and shows the payment code the
            // phone got from it; here the simulator plays the customer (whose phone may not be the one linked).
            PaymentCode shown = services.simulator().customerShowsPaymentCode(customer.customerId(), serial);
            step(m.get("enroll.step.customerUnlocked"));
            PaymentVerdict verdict = services.enrollment().verifyPayment(staff, enrolled.bindingId(), shown.text(),
                    s -> step(m.get("enroll.step." + s.name())));
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customerId", customer.customerId().toString());
                out.put("maskedName", customer.match().maskedName());
                out.put("bindingId", enrolled.bindingId().toString());
                out.put("bandSerial", serial.value());
                out.put("state", "ACTIVE");
                out.put("phoneFingerprint", enrolled.phone().hex());
                out.put("clockWasSet", enrolled.clockWasSet());
                out.put("payment", verdict.name());
                out.put("simulated", enrolled.simulated());
                Json.print(context.out(), out);
            } else {
                context.out().println(m.get("enroll.done", serial.value(), customer.match().maskedName(), enrolled.bindingId()));
            }
            return ExitCode.OK;
        });
    }

    private void step(String line) {
        if (!json) {
            context.out().println("  " + line);
            context.out().flush();
        }
    }
}
