package com.payband.console.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.band.BandSerial;
import com.payband.console.RawDatabase;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.binding.ReasonCode;
import com.payband.console.crypto.TamperedDataException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A note on a report ("taken on the metro by a man in a red coat") is shown in the binding's history to staff who may
 * see it, and is sealed in the store: a clerk with the data folder, the store key and H2's own tools reads no word of
 * it, and a note moved onto another binding's step does not open there.
 */
class TransitionNoteTest {

    private static final String NOTE = "Taken on the metro, line 2; the customer saw 李四 take it";

    @TempDir
    Path dir;

    @Test
    void aNoteIsShownInTheHistoryAndSealedInTheStore() throws Exception {
        UUID first;
        UUID second;
        try (ConsoleServices services = TestStores.registered(dir)) {
            StaffSession clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
            UUID zhang = TestStores.customer(services, clerk, "zhang-wei");
            first = enroll(services, clerk, zhang, "PB100001");
            second = enroll(services, clerk, zhang, "PB100002");
            services.lifecycle().transition(clerk, first, ReasonCode.STOLEN, Optional.empty(), "  " + NOTE + "  ");
            services.lifecycle().transition(clerk, second, ReasonCode.LOST, Optional.empty(), "left at home, maybe");
            assertThat(services.lifecycle().historyWithStaff(clerk, first)).extracting(e -> e.note().orElse(""))
                    .containsExactly("", "", NOTE);
            assertThatThrownBy(() -> services.lifecycle().transition(clerk, second, ReasonCode.STOLEN, Optional.empty(),
                    "x".repeat(LifecycleService.NOTE_MAX_LENGTH + 1))).isInstanceOf(IllegalArgumentException.class);
            // a note that would pass for other text in the history: a direction override, a control character
            assertThatThrownBy(() -> services.lifecycle().transition(clerk, second, ReasonCode.STOLEN, Optional.empty(),
                    "found \u202Eseton")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> services.lifecycle().transition(clerk, second, ReasonCode.STOLEN, Optional.empty(),
                    "ok\u001b[2Kreset by admin")).isInstanceOf(IllegalArgumentException.class);
            assertThat(services.lifecycle().bindingById(second).orElseThrow().state()).as("nothing changed")
                    .isEqualTo(com.payband.console.binding.BindingState.SUSPENDED);
        }
        try (RawDatabase db = RawDatabase.open(dir)) {
            byte[] sealed = db.queryBytes("SELECT sealed_note FROM binding_transition WHERE binding_id = ?"
                    + " AND sealed_note IS NOT NULL", first);
            assertThat(new String(sealed, StandardCharsets.UTF_8)).doesNotContain("metro").doesNotContain("李四");
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("metro");
            // the stolen report's note moved onto the lost report's step
            assertThat(db.update("UPDATE binding_transition SET sealed_note = ? WHERE binding_id = ?"
                    + " AND sealed_note IS NOT NULL", sealed, second)).isEqualTo(1);
        }
        try (ConsoleServices services = TestStores.open(dir)) {
            StaffSession clerk = TestStores.staff(services, "clerk2", Role.RETAIL_STAFF);
            assertThatThrownBy(() -> services.lifecycle().historyWithStaff(clerk, second))
                    .isInstanceOf(TamperedDataException.class);
            assertThat(services.lifecycle().historyWithStaff(clerk, first).get(2).note()).contains(NOTE);
        }
    }

    private static UUID enroll(ConsoleServices services, StaffSession clerk, UUID customer, String serial)
            throws Exception {
        return services.enrollment().enroll(clerk, customer, new BandSerial(serial), TestStores.phoneOf(services, clerk,
                customer), s -> { }).bindingId();
    }
}
