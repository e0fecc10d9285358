package com.payband.console.cli;

import com.payband.console.customer.RegisteredCustomer;
import com.payband.console.enrollment.Enrolled;
import com.payband.console.enrollment.EnrollmentStep;
import com.payband.console.i18n.Messages;
import com.payband.console.issuer.PaymentVerdict;
import com.payband.console.reader.DocumentReading;
import com.payband.drivers.band.BandSerial;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code enroll}: the counter's whole job in one command: read the customer's document, register them,
 * bind the band, and check its first payment code.
 */
@Command(name = "enroll", resourceBundle = "i18n.cli", mixinStandardHelpOptions = true)
final class EnrollCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--sim", descriptionKey = "enroll.sim")
    boolean sim;

    @Option(names = "--card", paramLabel = "SAMPLE", defaultValue = "zhang-wei", descriptionKey = "reader.card")
    String card;

    @Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "enroll.band")
    String band;

    @Option(names = "--json", descriptionKey = "json")
    boolean json;

    EnrollCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        BandCommand.requireSimulator(sim);
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
            Enrolled enrolled = services.enrollment().enroll(staff, customer.customerId(), serial,
                    s -> step(m.get("enroll.step." + s.name())));

            // At the counter the customer pairs their phone, puts the band on and unlocks it; here the
            // simulator plays the customer.
            services.simulator().playCustomer(serial);
            step(m.get("enroll.step.customerUnlocked"));
            PaymentVerdict verdict = services.enrollment().verifyPayment(staff, enrolled.bindingId(),
                    s -> step(m.get("enroll.step." + s.name())));
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("customerId", customer.customerId().toString());
                out.put("maskedName", customer.match().maskedName());
                out.put("bindingId", enrolled.bindingId().toString());
                out.put("bandSerial", serial.value());
                out.put("state", "ACTIVE");
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
