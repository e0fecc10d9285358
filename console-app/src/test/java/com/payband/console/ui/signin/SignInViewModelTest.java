package com.payband.console.ui.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.store.DataFolder;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.ConsoleContext.StoreState;
import com.payband.console.ui.UiTestContexts;
import com.payband.console.ui.UiThreads;
import com.payband.console.ui.signin.SignInViewModel.Mode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start, sign-in with and without the store passphrase, the forced password change, the lock. */
class SignInViewModelTest {

    @TempDir
    Path dir;

    private ConsoleContext fresh() {
        return new ConsoleContext(new DataFolder(dir), TestStores.options(Clock.systemUTC()), UiThreads.inline(),
                Locale.ENGLISH);
    }

    @Test
    void theFirstStartCreatesTheStoreAndSignsTheAdministratorIn() {
        try (ConsoleContext context = fresh()) {
            SignInViewModel form = new SignInViewModel(context);
            assertThat(form.mode().get()).isEqualTo(Mode.FIRST_START);
            // no keyring on this machine: it is not offered, the passphrase is chosen, and the form says why
            assertThat(form.keyringReachable().get()).isFalse();
            assertThat(form.protectWithPassphrase().get()).isTrue();
            assertThat(form.keyringNote().get()).contains("keyring does not answer");
            context.boot();
            form.username().set("boss");
            form.password().set(TestStores.PASSWORD);
            form.repeatPassword().set(TestStores.PASSWORD + "x");
            form.submit();
            assertThat(form.problem().get()).isEqualTo("The two entries differ.");
            form.repeatPassword().set(TestStores.PASSWORD);
            form.passphrase().set(TestStores.PASSPHRASE);
            form.repeatPassphrase().set(TestStores.PASSPHRASE);
            form.submit();
            assertThat(context.sessionProperty().get().username()).isEqualTo("boss");
            assertThat(context.storeState().get()).isEqualTo(StoreState.OPEN);
            assertThat(form.password().get()).isEmpty();
        }
    }

    @Test
    void aPassphraseStoreAsksForItAndAWrongOneIsSaid() throws Exception {
        TestStores.create(dir).close();
        try (ConsoleContext context = fresh()) {
            context.boot();
            assertThat(context.storeState().get()).isEqualTo(StoreState.NEEDS_PASSPHRASE);
            SignInViewModel form = new SignInViewModel(context);
            assertThat(form.mode().get()).isEqualTo(Mode.SIGN_IN);
            assertThat(form.showsPassphrase().get()).isTrue();
            form.username().set(TestStores.ADMIN);
            form.password().set(TestStores.PASSWORD);
            form.passphrase().set("not the passphrase at all");
            form.submit();
            assertThat(form.problem().get()).isEqualTo("Wrong passphrase: the store stays locked.");
            // only the wrong field is cleared: the password was never tried
            assertThat(form.passphrase().get()).isEmpty();
            assertThat(form.password().get()).isEqualTo(TestStores.PASSWORD);
            form.passphrase().set(TestStores.PASSPHRASE);
            form.submit();
            assertThat(context.sessionProperty().get().username()).isEqualTo(TestStores.ADMIN);
        }
    }

    @Test
    void aStoreWhoseDatabaseWasPutBackFromAnOlderCopyIsRefusedWithWhatToDoAndNobodySignsIn() throws Exception {
        TestStores.create(dir).close();
        Path file = dir.resolve("db").resolve("payband.mv.db");
        byte[] older = java.nio.file.Files.readAllBytes(file);
        try (ConsoleServices services = TestStores.open(dir)) {
            TestStores.staff(services, "clerk.li", Role.RETAIL_STAFF);
        }
        java.nio.file.Files.write(file, older);
        try (ConsoleContext context = fresh()) {
            context.boot();
            SignInViewModel form = new SignInViewModel(context);
            form.username().set(TestStores.ADMIN);
            form.password().set(TestStores.PASSWORD);
            form.passphrase().set(TestStores.PASSPHRASE);
            form.submit();
            assertThat(form.problem().get()).contains("older than its audit record").contains("db restore");
            assertThat(context.sessionProperty().get()).isNull();
        }
    }

    @Test
    void aPasswordSetByTheAdministratorMustBeChangedFirst() throws Exception {
        ConsoleServices services = TestStores.create(dir);
        services.staff().create(TestStores.admin(services), "clerk", Set.of(Role.RETAIL_STAFF),
                "initial password 12345".toCharArray());
        try (ConsoleContext context = UiTestContexts.open(dir, services, null)) {
            SignInViewModel form = new SignInViewModel(context);
            form.username().set("clerk");
            form.password().set("wrong password 12345");
            form.submit();
            assertThat(form.problem().get()).isEqualTo("Wrong account name or password.");
            form.password().set("initial password 12345");
            form.submit();
            assertThat(form.mode().get()).isEqualTo(Mode.CHANGE_PASSWORD);
            assertThat(context.sessionProperty().get()).isNull();
            form.newPassword().set("clerk");
            form.repeatPassword().set("clerk");
            form.submit();
            assertThat(form.problem().get()).startsWith("Password refused");
            form.newPassword().set("my own long password 7");
            form.repeatPassword().set("my own long password 7");
            form.submit();
            assertThat(context.sessionProperty().get().username()).isEqualTo("clerk");
            assertThat(context.sessionProperty().get().mustChangePassword()).isFalse();
        }
    }

    @Test
    void aLockedConsoleOffersItsMemberToSignInAgain() throws Exception {
        ConsoleServices services = TestStores.create(dir);
        try (ConsoleContext context = UiTestContexts.open(dir, services, null)) {
            SignInViewModel form = new SignInViewModel(context);
            form.lockFor(TestStores.ADMIN);
            assertThat(form.username().get()).isEqualTo(TestStores.ADMIN);
            assertThat(form.lockedUser().get()).isEqualTo(TestStores.ADMIN);
            form.password().set(TestStores.PASSWORD);
            form.submit();
            assertThat(context.sessionProperty().get().username()).isEqualTo(TestStores.ADMIN);
            assertThat(form.lockedUser().get()).isNull();
        }
    }
}
