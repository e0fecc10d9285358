package com.payband.console.cli;

import com.payband.console.TestStores;
import com.payband.console.support.PhoneStep;
import java.util.UUID;

/**
 * Test-only main: a console whose support agent puts the customer's new phone on their band (the owner's card read
 * again) and is killed outright (as kill -9) the moment the change reaches the given step. Arguments: data folder,
 * staff name, binding id, customer id, step.
 */
public final class PhoneChangeAndDie {

    private PhoneChangeAndDie() {
    }

    public static void main(String[] args) throws Exception {
        PhoneStep dieAt = PhoneStep.valueOf(args[4]);
        DyingConsole.Opened console = DyingConsole.open(args[0], args[1]);
        UUID customer = UUID.fromString(args[3]);
        var services = console.services();
        // the customer's new phone shows its key code (the old one stays in the simulator, as whoever has it now)
        String code = services.simulator().replaceCustomerPhone(customer).keyCode().text();
        var phone = services.support().acceptNewPhone(console.staff(), customer, code);
        services.support().replacePhone(console.staff(), UUID.fromString(args[2]), TestStores.ownerCard("zhang-wei"),
                phone, com.payband.console.binding.ReasonCode.LOST, "old phone left in a taxi",
                step -> DyingConsole.step(step, dieAt));
        DyingConsole.finished();
    }
}
