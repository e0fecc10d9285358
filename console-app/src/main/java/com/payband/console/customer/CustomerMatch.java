package com.payband.console.customer;

import com.payband.drivers.idcard.DocumentType;
import java.time.Instant;
import java.util.UUID;

/** A search result as staff first see it: masked. {@link CustomerService#reveal} shows the rest. */
public record CustomerMatch(UUID customerId, DocumentType documentType, String maskedName,
        String maskedDocumentNumber, Instant registeredAt, boolean simulated) {
}
