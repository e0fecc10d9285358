package com.payband.console.enrollment;

import com.payband.drivers.band.BandSerial;
import java.util.UUID;

/** A band now bound to a customer, ACTIVE, with the band's proof kept. */
public record Enrolled(UUID bindingId, UUID customerId, BandSerial serial, boolean clockWasSet, boolean simulated) {
}
