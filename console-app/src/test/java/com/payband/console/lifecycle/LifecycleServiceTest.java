package com.payband.console.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.Outcome;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.BindingTransition;
import com.payband.console.binding.IllegalTransitionException;
import com.payband.console.binding.ReasonCode;
import com.payband.console.customer.OwnerMismatchException;
import com.payband.console.customer.OwnerVerification;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bindings through the service against a real store: history, audit, outbox, and the one-live-binding rule. */
class LifecycleServiceTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final ReaderInfo READER = new ReaderInfo("sim:test", "test", ReaderKind.SIMULATOR, true);

    @TempDir
    Path dir;

    private ConsoleServices services;
    private StaffSession clerk;
    private StaffSession agent;
    private UUID zhang;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir, CLOCK);
        clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        agent = TestStores.staff(services, "agent", Role.SUPPORT_AGENT);
        zhang = services.customers().register(clerk, document("zhang-wei"), READER).customerId();
    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void aLostBandIsSuspendedThenResumedAfterTheOwnerShowsTheirCardAgain() throws Exception {
        UUID binding = activeBinding("PB-100");
        assertThat(services.lifecycle().transition(agent, binding, ReasonCode.LOST, Optional.empty()))
                .isEqualTo(BindingState.SUSPENDED);
        OwnerVerification verified = services.customers().verifyOwner(agent, zhang, document("zhang-wei"), READER);
        assertThat(services.lifecycle().transition(agent, binding, ReasonCode.FOUND, Optional.of(verified)))
                .isEqualTo(BindingState.ACTIVE);

        List<BindingTransition> history = services.lifecycle().history(agent, binding);
        assertThat(history).extracting(BindingTransition::toState).containsExactly(BindingState.PENDING,
                BindingState.ACTIVE, BindingState.SUSPENDED, BindingState.ACTIVE);
        assertThat(history).extracting(BindingTransition::reason).containsExactly(null, ReasonCode.BIND_CONFIRMED,
                ReasonCode.LOST, ReasonCode.FOUND);
        assertThat(history.get(2).staffId()).isEqualTo(agent.staffId());
        assertThat(transitionsAudited(binding)).extracting(e -> e.reason().orElseThrow())
                .containsExactly("BIND_CONFIRMED", "LOST", "FOUND");
        assertThat(services.outbox().pendingCount()).isEqualTo(4);
        assertThat(services.audit().verify().intact()).isTrue();
    }

    @Test
    void someoneElsesCardDoesNotResumeABand() throws Exception {
        UUID binding = activeBinding("PB-101");
        services.lifecycle().transition(agent, binding, ReasonCode.LOST, Optional.empty());
        services.customers().register(clerk, document("ayigul"), READER);
        assertThatThrownBy(() -> services.customers().verifyOwner(agent, zhang, document("ayigul"), READER))
                .isInstanceOf(OwnerMismatchException.class);
        assertThat(services.lifecycle().binding(agent, binding).orElseThrow().state()).isEqualTo(BindingState.SUSPENDED);
    }

    @Test
    void aRefusedTransitionChangesNothingAndIsAudited() throws Exception {
        UUID binding = activeBinding("PB-102");
        services.lifecycle().transition(agent, binding, ReasonCode.STOLEN, Optional.empty());
        long pending = services.outbox().pendingCount();
        assertThatThrownBy(() -> services.lifecycle().transition(agent, binding, ReasonCode.LOST, Optional.empty()))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(services.lifecycle().binding(agent, binding).orElseThrow().state()).isEqualTo(BindingState.DEACTIVATED);
        assertThat(services.outbox().pendingCount()).isEqualTo(pending);
        assertThat(transitionsAudited(binding)).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(e.reason()).contains("LOST");
        });
    }

    @Test
    void aBandHasOneLiveBindingAndIsFreeAgainOnceDeactivated() throws Exception {
        UUID first = activeBinding("PB-103");
        UUID ayigul = services.customers().register(clerk, document("ayigul"), READER).customerId();
        assertThatThrownBy(() -> services.lifecycle().begin(clerk, "PB-103", new byte[65], "C0:00:00:00:00:09", ayigul, true,
                TestStores.anyPhone()))
                .isInstanceOf(BandAlreadyBoundException.class);
        services.lifecycle().transition(agent, first, ReasonCode.STOLEN, Optional.empty());
        UUID second = services.lifecycle().begin(clerk, "PB-103", new byte[65], "C0:00:00:00:00:0A", ayigul, true,
                TestStores.anyPhone());
        assertThat(second).isNotEqualTo(first);
        assertThat(services.lifecycle().binding(clerk, second).orElseThrow().state()).isEqualTo(BindingState.PENDING);
    }

    @Test
    void theDatabaseItselfRefusesASecondLiveBindingOfABand() throws Exception {
        activeBinding("PB-104");
        // Bypass the service's check: the unique constraint on live bindings must still hold.
        assertThatThrownBy(() -> services.database().runInTransaction(s -> {
            var started = com.payband.console.binding.Binding.start(UUID.randomUUID(), "PB-104", zhang, clerk.staffId(),
                    CLOCK.instant(), true, null);
            s.persist(started.binding());
        })).isInstanceOf(org.hibernate.exception.ConstraintViolationException.class)
                .hasMessageContaining("UK_BINDING_LIVE_BAND");
    }

    @Test
    void aBindingsIdDatesNothingWhileItsEventsIdsSortByTime() throws Exception {
        UUID binding = activeBinding("PB-105");
        // the band tells its binding id to any phone, every payment code carries it: random, no enrollment time in it
        assertThat(binding.version()).isEqualTo(4);
        List<UUID> events = services.database().inTransaction(s -> s.createSelectionQuery(
                "select e.eventId from OutboxEvent e where e.aggregateId = :a order by e.id", UUID.class)
                .setParameter("a", binding.toString()).getResultList());
        assertThat(events).hasSize(2).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
    }

    private UUID activeBinding(String serial) throws Exception {
        UUID binding = services.lifecycle().begin(clerk, serial, new byte[65], "C0:00:00:00:00:01", zhang, true,
                TestStores.anyPhone());
        services.lifecycle().transition(clerk, binding, ReasonCode.BIND_CONFIRMED, Optional.empty());
        return binding;
    }

    private List<AuditEvent> transitionsAudited(UUID binding) {
        List<AuditEvent> events = new ArrayList<>();
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(AuditAction.BINDING_TRANSITION), Integer.MAX_VALUE), e -> {
                    if (e.targetId().orElse("").equals(binding.toString())) {
                        events.add(e);
                    }
                });
        return events;
    }

    private static IdDocument document(String sample) {
        return SampleDocuments.byName(sample).orElseThrow().document(CLOCK);
    }
}
