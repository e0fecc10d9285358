package com.payband.console.consent;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.customer.Customer;
import com.payband.console.customer.NoSuchCustomerException;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Records that a customer accepted the consent text, and tells which version they accepted last. */
public final class ConsentService {

    private final Database database;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final Clock clock;

    public ConsentService(Database database, AuditTrail audit, Authorizer authorizer, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /**
     * Records the customer's acceptance of this text, now, by this member of staff; the record and its
     * audit event (CONSENT_RECORDED) commit together.
     *
     * @return the id of the new record
     * @throws NoSuchCustomerException no customer has this id (nothing is recorded)
     */
    public UUID record(StaffSession staff, UUID customerId, ConsentText text) throws NoSuchCustomerException {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(text, "text");
        authorizer.require(staff, Action.REGISTER_CUSTOMER);
        UUID id = UUID.randomUUID();
        // the column keeps microseconds: what is read back equals what was written
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID recorded = database.inTransaction(s -> {
            Customer customer = s.find(Customer.class, customerId);
            if (customer == null) {
                return null;
            }
            s.persist(new Consent(id, customerId, text.version(), text.language(), now, staff.staffId(),
                    customer.simulated()));
            audit.append(s, staff.actor(), AuditAction.CONSENT_RECORDED, Outcome.SUCCESS, Target.customer(customerId),
                    null, "version " + text.version() + " language " + text.language()
                            + (customer.simulated() ? " simulated" : ""));
            return id;
        });
        if (recorded == null) {
            throw new NoSuchCustomerException(customerId);
        }
        return recorded;
    }

    /** The customer's most recent acceptance, if they ever accepted. */
    public Optional<Consent> latest(StaffSession staff, UUID customerId) {
        Objects.requireNonNull(customerId, "customerId");
        authorizer.require(staff, Action.FIND_CUSTOMER);
        return database.inTransaction(s -> s.createSelectionQuery(
                        "from Consent c where c.customerId = :customer order by c.acceptedAt desc, c.id desc", Consent.class)
                .setParameter("customer", customerId)
                .setMaxResults(1)
                .getResultList().stream().findFirst());
    }
}
