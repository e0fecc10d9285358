package com.payband.console.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import com.payband.console.customer.OwnerVerifications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lifecycle table: every allowed transition works, every other one is refused, and lifecycle.md agrees. */
class BindingLifecycleTest {

    private static final UUID STAFF = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    static Stream<Arguments> everyStateAndReason() {
        List<Arguments> all = new ArrayList<>();
        for (BindingState from : BindingState.values()) {
            for (ReasonCode reason : ReasonCode.values()) {
                all.add(Arguments.of(from, reason));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} --{1}-->")
    @MethodSource("everyStateAndReason")
    void aTransitionHappensExactlyWhenTheTableHasIt(BindingState from, ReasonCode reason) throws Exception {
        Binding binding = bindingIn(from);
        Optional<BindingLifecycle.Transition> row = BindingLifecycle.find(from, reason);
        Optional<com.payband.console.customer.OwnerVerification> verification = Optional.empty();
        if (row.isPresent() && row.get().requiresOwnerVerification()) {
            verification = Optional.of(OwnerVerifications.of(binding.customerId()));
        }
        if (row.isPresent()) {
            BindingTransition step = binding.apply(reason, STAFF, T0.plusSeconds(60), verification);
            assertThat(binding.state()).isEqualTo(row.get().to());
            assertThat(step.fromState()).isEqualTo(from);
            assertThat(step.toState()).isEqualTo(row.get().to());
            assertThat(step.reason()).isEqualTo(reason);
            assertThat(step.staffId()).isEqualTo(STAFF);
            assertThat(step.at()).isEqualTo(T0.plusSeconds(60));
            assertThat(binding.live()).isEqualTo(!row.get().to().terminal());
        } else {
            Optional<com.payband.console.customer.OwnerVerification> anyVerification =
                    Optional.of(OwnerVerifications.of(binding.customerId()));
            assertThatThrownBy(() -> binding.apply(reason, STAFF, T0.plusSeconds(60), anyVerification))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThat(binding.state()).isEqualTo(from);
        }
    }

    @Test
    void terminalStatesHaveNoWayOut() {
        for (BindingState state : BindingState.values()) {
            assertThat(BindingLifecycle.reasonsFrom(state).isEmpty()).as(state.name()).isEqualTo(state.terminal());
        }
    }

    @Test
    void aFoundBandNeedsItsOwnerReVerified() throws Exception {
        Binding binding = bindingIn(BindingState.SUSPENDED);
        assertThatThrownBy(() -> binding.apply(ReasonCode.FOUND, STAFF, T0, Optional.empty()))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("re-verified");
        assertThatThrownBy(() -> binding.apply(ReasonCode.FOUND, STAFF, T0,
                Optional.of(OwnerVerifications.of(UUID.randomUUID()))))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("not the owner");
        assertThat(binding.state()).isEqualTo(BindingState.SUSPENDED);
        binding.apply(ReasonCode.FOUND, STAFF, T0, Optional.of(OwnerVerifications.of(binding.customerId())));
        assertThat(binding.state()).isEqualTo(BindingState.ACTIVE);
    }

    @Test
    void lifecycleDocShowsTheTableOfTheCode() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "src", "docs", "lifecycle.md"));
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| From | Reason | To |")) {
                header = i;
            }
        }
        assertThat(header).as("transition table in lifecycle.md").isNotNegative();
        Set<BindingLifecycle.Transition> documented = new HashSet<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            documented.add(new BindingLifecycle.Transition(BindingState.valueOf(cells[1].trim()),
                    ReasonCode.valueOf(cells[2].trim()), BindingState.valueOf(cells[3].trim()),
                    cells[4].trim().equals("yes")));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(BindingLifecycle.TABLE);
    }

    /** A binding brought into a state along the table's own paths. */
    private static Binding bindingIn(BindingState state) throws Exception {
        Binding binding = Binding.start(UUID.randomUUID(), "PB-0001", UUID.randomUUID(), STAFF, T0, true, null).binding();
        Optional<com.payband.console.customer.OwnerVerification> none = Optional.empty();
        switch (state) {
            case PENDING -> { }
            case ACTIVE -> binding.apply(ReasonCode.BIND_CONFIRMED, STAFF, T0, none);
            case FAILED -> binding.apply(ReasonCode.BIND_ROLLED_BACK, STAFF, T0, none);
            case SUSPENDED -> {
                binding.apply(ReasonCode.BIND_CONFIRMED, STAFF, T0, none);
                binding.apply(ReasonCode.LOST, STAFF, T0, none);
            }
            case DEACTIVATED -> {
                binding.apply(ReasonCode.BIND_CONFIRMED, STAFF, T0, none);
                binding.apply(ReasonCode.STOLEN, STAFF, T0, none);
            }
        }
        assertThat(binding.state()).isEqualTo(state);
        return binding;
    }
}
