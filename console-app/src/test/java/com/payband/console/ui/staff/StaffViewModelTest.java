package com.payband.console.ui.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.staff.SignInException;
import com.payband.console.staff.StaffAccount;
import com.payband.console.staff.StaffAccountView;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administrator's staff screen, against a real store, without a screen. */
class StaffViewModelTest {

    private static final String INITIAL = "an initial password 4 the clerk";

    @TempDir
    Path dir;

    private ConsoleServices services;
    private ConsoleContext context;
    private StaffViewModel model;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir);
        StaffSession admin = TestStores.admin(services);
        context = UiTestContexts.open(dir, services, admin);
        model = new StaffViewModel(context, ZoneOffset.UTC);
        model.refresh();
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void theListShowsTheAccountsInWords() {
        assertThat(model.accounts()).extracting(StaffAccountView::username).containsExactly(TestStores.ADMIN);
        StaffAccountView admin = model.accounts().get(0);
        assertThat(model.rolesText(admin.roles())).isEqualTo("Administrator");
        assertThat(model.stateText(admin)).isEqualTo("Enabled");
        assertThat(model.lastSignInText(admin.lastSignInAt())).isNotEqualTo("never").isNotBlank();
        assertThat(model.lastSignInText(Optional.empty())).isEqualTo("never");
        assertThat(model.rolesText(Set.of(Role.AUDITOR, Role.RETAIL_STAFF))).isEqualTo("Retail staff, Auditor");
    }

    @Test
    void aCreatedAccountIsListedAndMustChangeItsPassword() throws Exception {
        model.newName().set("  Clerk1 ");
        model.newRole(Role.RETAIL_STAFF).set(true);
        model.newPassword().set(INITIAL);
        model.newPasswordRepeat().set(INITIAL);

        model.create();

        assertThat(model.problem().get()).isEmpty();
        assertThat(model.notice().get()).contains("clerk1").contains("Retail staff").contains("must change");
        StaffAccountView clerk = account("clerk1");
        assertThat(clerk.roles()).containsExactly(Role.RETAIL_STAFF);
        assertThat(clerk.enabled()).isTrue();
        assertThat(clerk.mustChangePassword()).isTrue();
        assertThat(model.stateText(clerk)).isEqualTo("Enabled, must change password");
        assertThat(model.lastSignInText(clerk.lastSignInAt())).isEqualTo("never");
        assertThat(model.selected().get()).isEqualTo(clerk);
        // the form is empty again for the next one
        assertThat(model.newName().get()).isEmpty();
        assertThat(model.newPassword().get()).isEmpty();
        assertThat(model.newRole(Role.RETAIL_STAFF).get()).isFalse();
        // and the new member is made to choose their own password
        assertThat(services.staff().signIn("clerk1", INITIAL.toCharArray()).mustChangePassword()).isTrue();
    }

    @Test
    void aCreationThatCannotBeDoneIsRefusedInWords() {
        model.newName().set("clerk2");
        model.newRole(Role.RETAIL_STAFF).set(true);
        model.newPassword().set(INITIAL);
        model.newPasswordRepeat().set(INITIAL + "x");
        model.create();
        assertThat(model.problem().get()).isEqualTo("The two entries differ.");

        model.newPassword().set("short");
        model.newPasswordRepeat().set("short");
        model.create();
        assertThat(model.problem().get()).startsWith("Password refused:").contains("at least 12 characters");

        model.newPassword().set(INITIAL);
        model.newPasswordRepeat().set(INITIAL);
        model.newRole(Role.RETAIL_STAFF).set(false);
        model.create();
        assertThat(model.problem().get()).isEqualTo("Give at least one role.");

        model.newName().set(TestStores.ADMIN);
        model.newRole(Role.AUDITOR).set(true);
        model.create();
        assertThat(model.problem().get()).isEqualTo("That account name is taken.");

        model.newName().set(" ");
        model.create();
        assertThat(model.problem().get()).isEqualTo("Give the account name.");

        assertThat(model.accounts()).extracting(StaffAccountView::username).containsExactly(TestStores.ADMIN);
        assertThat(model.notice().get()).isEmpty();
    }

    @Test
    void theLastAdministratorCannotBeDisabledNorLoseTheRole() {
        select(TestStores.ADMIN);

        model.disable();
        assertThat(model.problem().get()).isEqualTo("You cannot disable your own account.");

        model.selectedRole(Role.ADMIN).set(false);
        model.selectedRole(Role.AUDITOR).set(true);
        model.saveRoles();
        assertThat(model.problem().get()).isEqualTo("This is the last enabled administrator; make another one first.");

        StaffAccountView admin = account(TestStores.ADMIN);
        assertThat(admin.enabled()).isTrue();
        assertThat(admin.roles()).containsExactly(Role.ADMIN);
        // what is ticked follows the account again once it is read back
        model.refresh();
        assertThat(model.selectedRole(Role.ADMIN).get()).isTrue();
        assertThat(model.selectedRole(Role.AUDITOR).get()).isFalse();
    }

    @Test
    void anAccountIsDisabledEnabledAndGivenOtherRoles() throws Exception {
        TestStores.staff(services, "clerk3", Role.RETAIL_STAFF);
        model.refresh();
        select("clerk3");
        assertThat(model.confirmDisableTitle()).isEqualTo("Disable clerk3?");

        model.disable();
        assertThat(model.problem().get()).isEmpty();
        assertThat(model.notice().get()).isEqualTo("clerk3 is disabled and can no longer sign in.");
        assertThat(account("clerk3").enabled()).isFalse();
        assertThat(model.selected().get().username()).isEqualTo("clerk3");
        assertThat(model.selectionEnabled().get()).isFalse();
        assertThatThrownBy(() -> services.staff().signIn("clerk3", TestStores.passwordOf("clerk3").toCharArray()))
                .isInstanceOf(SignInException.class);

        model.enable();
        assertThat(account("clerk3").enabled()).isTrue();

        model.selectedRole(Role.SUPPORT_AGENT).set(true);
        model.saveRoles();
        assertThat(model.notice().get()).isEqualTo("clerk3 now has roles Retail staff, Support agent.");
        assertThat(account("clerk3").roles()).containsExactlyInAnyOrder(Role.RETAIL_STAFF, Role.SUPPORT_AGENT);
    }

    @Test
    void aLockedAccountIsUnlockedAndAPasswordReset() throws Exception {
        TestStores.staff(services, "clerk4", Role.RETAIL_STAFF);
        for (int i = 0; i < StaffAccount.MAX_FAILED_SIGN_INS; i++) {
            assertThatThrownBy(() -> services.staff().signIn("clerk4", "not the password at all".toCharArray()))
                    .isInstanceOf(SignInException.class);
        }
        model.refresh();
        select("clerk4");
        assertThat(model.selectionLocked().get()).isTrue();

        model.unlock();
        assertThat(model.notice().get()).isEqualTo("clerk4 is unlocked.");
        assertThat(account("clerk4").locked()).isFalse();

        model.replacementPassword().set("a new password for clerk four");
        model.replacementPasswordRepeat().set("a new password for clerk four");
        model.resetPassword();
        assertThat(model.problem().get()).isEmpty();
        assertThat(account("clerk4").mustChangePassword()).isTrue();
        assertThat(model.replacementPassword().get()).isEmpty();
        assertThat(services.staff().signIn("clerk4", "a new password for clerk four".toCharArray()).mustChangePassword())
                .isTrue();
    }

    @Test
    void nothingIsDoneToNoAccount() {
        model.selected().set(null);
        model.unlock();
        assertThat(model.problem().get()).isEqualTo("Choose an account in the list first.");
    }

    private void select(String name) {
        model.selected().set(account(name));
    }

    private StaffAccountView account(String name) {
        return model.accounts().stream().filter(a -> a.username().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not listed"));
    }
}
