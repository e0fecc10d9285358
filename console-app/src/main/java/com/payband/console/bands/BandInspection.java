package com.payband.console.bands;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingState;
import com.payband.console.lifecycle.LifecycleService;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.band.AttestedBand;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.BandClient;
import com.payband.drivers.band.BandException;
import com.payband.band.BandSerial;
import com.payband.band.protocol.BandInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Looking for bands and looking at one: what staff may do without binding anything (no personal data). */
public final class BandInspection {

    private final BandRadio radio;
    private final Authorizer authorizer;
    private final AuditTrail audit;
    private final LifecycleService lifecycle;
    private final Duration findTimeout;

    public BandInspection(BandRadio radio, Authorizer authorizer, AuditTrail audit, LifecycleService lifecycle,
            Duration findTimeout) {
        this.radio = radio;
        this.authorizer = authorizer;
        this.audit = audit;
        this.lifecycle = lifecycle;
        this.findTimeout = findTimeout;
    }

    /** Bands heard within {@code duration}, strongest first; the live listener sees the list grow. */
    public List<BandAdvertisement> scan(StaffSession staff, Duration duration, Consumer<List<BandAdvertisement>> live)
            throws BandException {
        authorizer.require(staff, Action.SCAN_BANDS);
        List<BandAdvertisement> heard = radio.scan(duration, live);
        audit.record(staff.actor(), AuditAction.BAND_SCANNED, Outcome.SUCCESS, null, null, heard.size() + " bands");
        return heard;
    }

    /**
     * Of the bands heard, those to mark in the list as reported stolen: bound (as they advertise) and with a binding
     * of theirs on the revocation list. The enrollment's own check, over an attested session, decides.
     */
    public java.util.Set<BandSerial> reportedStolen(StaffSession staff, List<BandAdvertisement> heard) {
        authorizer.require(staff, Action.SCAN_BANDS);
        java.util.Set<String> revoked = lifecycle.serialsWithRevocation(heard.stream()
                .filter(a -> a.state() == com.payband.band.BandState.BOUND).map(a -> a.serial().value()).toList());
        java.util.Set<BandSerial> marked = new java.util.HashSet<>();
        heard.stream().filter(a -> revoked.contains(a.serial().value())).forEach(a -> marked.add(a.serial()));
        return marked;
    }

    /**
     * What a band says about itself over an attested session, and what this console knows of the binding
     * it holds (state, revoked), never whose it is.
     *
     * @param knownHere the binding the band holds is one of this console's
     */
    public record Report(BandAdvertisement heard, AttestedBand band, BandInfo info, Optional<BindingState> bindingState,
            boolean revoked, boolean knownHere, int selfTest) {
    }

    public Report inspect(StaffSession staff, BandSerial serial) throws BandException {
        authorizer.require(staff, Action.SCAN_BANDS);
        BandAdvertisement heard = radio.find(serial, findTimeout)
                .orElseThrow(() -> new BandException(BandException.Kind.NOT_FOUND, "not heard: " + serial));
        try (BandRadio.Lease reach = radio.lease(); BandClient client = reach.open(heard)) {
            BandInfo info = client.info();
            int selfTest = client.selfTest();
            Optional<UUID> held = info.bindingId();
            Optional<Binding> known = held.flatMap(lifecycle::bindingById);
            boolean revoked = held.flatMap(lifecycle::revocation).isPresent();
            audit.record(staff.actor(), AuditAction.BAND_INSPECTED, Outcome.SUCCESS, Target.band(serial.value()),
                    revoked ? "REPORTED_STOLEN" : null, info.state().name());
            return new Report(heard, client.band(), info, known.map(Binding::state), revoked, known.isPresent(), selfTest);
        } catch (BandException e) {
            if (e.kind() == BandException.Kind.COUNTERFEIT) {
                audit.record(staff.actor(), AuditAction.BAND_INSPECTED, Outcome.FAILED, Target.band(serial.value()),
                        "COUNTERFEIT", null);
            }
            throw e;
        }
    }
}
