package com.payband.console.ui.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import com.payband.console.audit.Outcome;
import com.payband.console.staff.Action;
import com.payband.console.staff.Role;
import com.payband.console.ui.ConsoleWindow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store kept under a passphrase, after the console started: an administrator unlocks it, then clerks sign in with
 * their own password only; a clerk who knows the passphrase cannot open the store in the window.
 */
class StoreUnlockTest {

    @TempDir
    Path dir;

    @Test
    void onlyAnAdministratorUnlocksTheStoreAfterAStartThenClerksSignInWithTheirPasswordOnly() throws Exception {
        Path store = dir.resolve("store");
        try (ConsoleServices services = TestStores.create(store)) {
            TestStores.staff(services, "li.na", Role.RETAIL_STAFF);
        }
        try (ConsoleWindow w = ConsoleWindow.started(store)) {
            w.waitForVisible("#passphrase");
            assertThat(w.text("#signInExplained")).contains("An administrator unlocks it");

            // a clerk who was told the passphrase: refused, and the store stays locked
            w.type("#username", "li.na").type("#password", TestStores.passwordOf("li.na"))
                    .type("#passphrase", TestStores.PASSPHRASE).click("#signIn");
            w.waitFor(() -> w.text("#signInProblem").contains("unlock the store after a start"), "refused");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.context().services()).as("the store closed again")
                    .isInstanceOf(IllegalStateException.class);
            assertThat(w.exists("#passphrase")).isTrue();

            // the administrator unlocks it
            w.type("#username", TestStores.ADMIN).type("#password", TestStores.PASSWORD)
                    .type("#passphrase", TestStores.PASSPHRASE).click("#signIn");
            w.waitForVisible("#signedInAs");
            w.click("#signOut");

            // from now on the clerk signs in with their own password: no passphrase asked
            w.waitForVisible("#username");
            assertThat(w.exists("#passphrase")).isFalse();
            w.signIn("li.na", TestStores.passwordOf("li.na"));

            ConsoleServices services = w.context().services();
            List<AuditEvent> events = services.auditReview().list(TestStores.admin(services), AuditQuery.all());
            assertThat(events).filteredOn(e -> e.action() == AuditAction.STORE_UNLOCKED)
                    .extracting(AuditEvent::actorName).containsExactly(TestStores.ADMIN);
            assertThat(events).filteredOn(e -> e.action() == AuditAction.ACCESS_DENIED && e.outcome() == Outcome.DENIED
                    && e.detail().equals(java.util.Optional.of(Action.UNLOCK_STORE.name()))).extracting(AuditEvent::actorName)
                    .containsExactly("li.na");
        }
    }
}
