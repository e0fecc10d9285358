package com.payband.console.customer;

import com.payband.drivers.idcard.check.DocumentProblem;
import java.util.List;
import java.util.UUID;

/**
 * @param isNew    false when the person was already a customer (a renewed or second document)
 * @param warnings checks that did not refuse the document but that staff should see
 */
public record RegisteredCustomer(UUID customerId, boolean isNew, CustomerMatch match, List<DocumentProblem> warnings) {
}
