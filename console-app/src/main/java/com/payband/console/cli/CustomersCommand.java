package com.payband.console.cli;

import com.payband.console.customer.CustomerMatch;
import com.payband.console.customer.CustomerMatches;
import com.payband.console.customer.Identity;
import com.payband.console.customer.RegisteredCustomer;
import com.payband.console.reader.DocumentReading;
import com.payband.console.i18n.Messages;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.sim.SimulatedFault;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code customers register|find}: customers verified by their documents, found by exact keyed lookup. */
@Command(name = "customers", resourceBundle = "i18n.cli")
final class CustomersCommand {

    private final CliContext context;

    CustomersCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "register", mixinStandardHelpOptions = true)
    int register(@Option(names = "--sim", descriptionKey = "reader.sim") boolean sim,
            @Option(names = "--card", paramLabel = "SAMPLE", defaultValue = "zhang-wei", descriptionKey = "reader.card")
            String card,
            @Option(names = "--fault", paramLabel = "FAULT", descriptionKey = "reader.fault") SimulatedFault fault,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        ReaderCommand.SimulatedCardOptions.requireSimulator(sim);
        return Commands.signedIn(context, (services, staff) -> {
            DocumentReading.Result read;
            ReaderInfo readerInfo;
            ReaderCommand.SimulatedCardOptions.Prepared prepared = ReaderCommand.SimulatedCardOptions.prepare(card, false, fault);
            try (SimulatedIdCardReader reader = prepared.reader()) {
                readerInfo = reader.info();
                read = services.documentReading().readAndWait(staff, reader, prepared.request());
            }
            RegisteredCustomer registered = services.customers().register(staff, read.document(), readerInfo);
            if (json) {
                Map<String, Object> m = matchJson(registered.match());
                m.put("new", registered.isNew());
                m.put("warnings", registered.warnings().stream().map(Enum::name).toList());
                Json.print(context.out(), m);
            } else {
                Messages msg = context.messages();
                context.out().println(msg.get(registered.isNew() ? "customers.registered.new" : "customers.registered.known",
                        registered.match().maskedName(), registered.customerId()));
                if (!registered.warnings().isEmpty()) {
                    context.out().println(msg.get("checks.warnings", DocumentOutput.describe(msg, registered.warnings())));
                }
            }
            return ExitCode.OK;
        });
    }

    static final class By {
        @Option(names = "--id-number", paramLabel = "NUMBER", required = true, descriptionKey = "customers.idNumber")
        String idNumber;

        @Option(names = "--name", paramLabel = "TEXT", required = true, descriptionKey = "customers.name")
        String name;

        @Option(names = "--band", paramLabel = "SERIAL", required = true, descriptionKey = "customers.band")
        String band;
    }

    @Command(name = "find", mixinStandardHelpOptions = true)
    int find(@ArgGroup(exclusive = true, multiplicity = "1") By by,
            @Option(names = "--reveal", descriptionKey = "customers.reveal") boolean reveal,
            @Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        return Commands.signedIn(context, (services, staff) -> {
            CustomerMatches found;
            if (by.idNumber != null) {
                found = CustomerMatches.of(services.customers().findByDocumentNumber(staff, by.idNumber));
            } else if (by.band != null) {
                found = CustomerMatches.of(services.findCustomerByBand(staff, BandCommand.serial(by.band).value()));
            } else {
                found = services.customers().findByName(staff, by.name);
            }
            List<CustomerMatch> matches = found.matches();
            List<Identity> identities = new ArrayList<>();
            if (reveal) {
                for (CustomerMatch match : matches) {
                    identities.add(services.customers().reveal(staff, match.customerId()));
                }
            }
            if (json) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (int i = 0; i < matches.size(); i++) {
                    Map<String, Object> m = matchJson(matches.get(i));
                    if (reveal) {
                        m.put("identity", DocumentOutput.json(identities.get(i)));
                    }
                    out.add(m);
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("matches", out);
                result.put("total", found.total());
                Json.print(context.out(), result);
            } else if (matches.isEmpty()) {
                context.out().println(context.messages().get("customers.none"));
            } else if (reveal) {
                for (int i = 0; i < matches.size(); i++) {
                    if (i > 0) {
                        context.out().println();
                    }
                    DocumentOutput.line(context.out(), context.messages().get("customers.col.id"),
                            matches.get(i).customerId().toString());
                    DocumentOutput.print(context.out(), context.messages(), identities.get(i));
                }
            } else {
                Messages m = context.messages();
                Table.print(context.out(), List.of(m.get("customers.col.id"), m.get("customers.col.name"),
                        m.get("customers.col.document"), m.get("customers.col.registered")),
                        matches.stream().map(c -> List.of(c.customerId().toString(), c.maskedName(),
                                c.maskedDocumentNumber(), DateTimeFormatter.ISO_INSTANT.format(c.registeredAt())
                                        + (c.simulated() ? " " + m.get("doc.simulated") : ""))).toList());
            }
            if (!json && !found.complete()) {
                context.out().println(context.messages().get("customers.more", matches.size(), found.total()));
            }
            context.out().flush();
            return ExitCode.OK;
        });
    }

    private static Map<String, Object> matchJson(CustomerMatch c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customerId", c.customerId().toString());
        m.put("documentType", c.documentType().name());
        m.put("maskedName", c.maskedName());
        m.put("maskedDocumentNumber", c.maskedDocumentNumber());
        m.put("registeredAt", c.registeredAt().toString());
        m.put("simulated", c.simulated());
        return m;
    }
}
