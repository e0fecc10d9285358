package com.payband.console.enrollment;

import com.payband.band.BandSerial;
import com.payband.band.protocol.PhoneFingerprint;
import java.util.UUID;

/** A band now bound to a customer, ACTIVE, linked to the customer's phone, with the band's proof kept. */
public record Enrolled(UUID bindingId, UUID customerId, BandSerial serial, PhoneFingerprint phone, boolean clockWasSet,
        boolean simulated) {
}
