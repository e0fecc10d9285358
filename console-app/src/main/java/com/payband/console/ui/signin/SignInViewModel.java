package com.payband.console.ui.signin;

import com.payband.console.app.ConsoleServices;
import com.payband.console.crypto.KeyVault;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.ConsoleContext.StoreState;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The sign-in form's logic: the first start (the first administrator, and how the store key is kept),
 * signing in (with the store passphrase where the key needs one), the password change an
 * administrator-set password forces, and unlocking a locked console.
 */
public final class SignInViewModel {

    public enum Mode { FIRST_START, SIGN_IN, CHANGE_PASSWORD, FAILED }

    /** How long sign-in waits for a store that is still starting before it says so. */
    private static final long STORE_WAIT_SECONDS = 60;

    private final ConsoleContext context;
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>();
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty newPassword = new SimpleStringProperty("");
    private final StringProperty repeatPassword = new SimpleStringProperty("");
    private final StringProperty passphrase = new SimpleStringProperty("");
    private final StringProperty repeatPassphrase = new SimpleStringProperty("");
    private final BooleanProperty protectWithPassphrase = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper passphraseNeeded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty lockedUser = new SimpleStringProperty(null);
    private volatile boolean lockedByHand;
    private final javafx.beans.property.ReadOnlyBooleanWrapper keyringReachable =
            new javafx.beans.property.ReadOnlyBooleanWrapper(true);
    private final StringProperty keyringNote = new SimpleStringProperty("");
    private StaffSession mustChange;
    private char[] signedInWith;

    public SignInViewModel(ConsoleContext context) {
        this.context = context;
        // a file check, not the store's start: the form is right from the first frame
        mode.set(context.folder().initialised() ? Mode.SIGN_IN : Mode.FIRST_START);
        context.storeState().addListener((o, a, state) -> follow(state));
        follow(context.storeState().get());
        // a choice changed: what was said about the other one no longer applies
        protectWithPassphrase.addListener((o, a, b) -> problem.set(""));
        if (mode.get() == Mode.FIRST_START) {
            // the keyring is offered only when it answers (a desktop without one would fail the first start)
            context.threads().run(context::keyringReachable, reachable -> {
                keyringReachable.set(reachable);
                if (!reachable) {
                    protectWithPassphrase.set(true);
                    keyringNote.set(context.text("signIn.key.keyringUnreachable"));
                }
            }, e -> keyringReachable.set(false));
        }
    }

    /** Whether the keyring may be chosen: true until the probe says it does not answer. */
    public javafx.beans.property.ReadOnlyBooleanProperty keyringReachable() {
        return keyringReachable.getReadOnlyProperty();
    }

    /** Why the keyring is not offered (empty while it is). */
    public StringProperty keyringNote() {
        return keyringNote;
    }

    private void follow(StoreState state) {
        passphraseNeeded.set(state == StoreState.NEEDS_PASSPHRASE);
        if (state == StoreState.FIRST_START) {
            mode.set(Mode.FIRST_START);
        } else if (state == StoreState.FAILED) {
            mode.set(Mode.FAILED);
            problem.set(context.storeProblem().get());
        }
    }

    /** The console locked itself after a time without use: only this member, or another who signs in anew, may go on. */
    public void lockFor(String user) {
        lockFor(user, false);
    }

    /** The console is locked, by its member ({@code byHand}) or after a time without use: the sign-in says which. */
    public void lockFor(String user, boolean byHand) {
        lockedByHand = byHand;
        lockedUser.set(user);
        username.set(user);
        password.set("");
        problem.set("");
        mode.set(Mode.SIGN_IN);
    }

    public void submit() {
        if (busy.get()) {
            return;
        }
        problem.set("");
        switch (mode.get()) {
            case FIRST_START -> firstStart();
            case SIGN_IN -> signIn();
            case CHANGE_PASSWORD -> changePassword();
            case FAILED -> { }
        }
    }

    private void firstStart() {
        String admin = username.get().trim();
        if (admin.isEmpty()) {
            problem.set(context.text("signIn.problem.noName"));
            return;
        }
        if (!password.get().equals(repeatPassword.get())) {
            problem.set(context.text("error.secret.mismatch"));
            return;
        }
        boolean withPassphrase = protectWithPassphrase.get();
        if (withPassphrase && !passphrase.get().equals(repeatPassphrase.get())) {
            problem.set(context.text("signIn.problem.passphraseMismatch"));
            return;
        }
        char[] pw = password.get().toCharArray();
        char[] pp = withPassphrase ? passphrase.get().toCharArray() : null;
        busy.set(true);
        context.threads().run(() -> {
            ConsoleServices services = context.initialise(admin, pw.clone(),
                    withPassphrase ? KeyVault.Protection.PASSPHRASE : KeyVault.Protection.OS_CREDENTIAL_STORE, pp);
            try {
                return services.staff().signIn(admin, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, this::signedIn, this::failed);
    }

    private void signIn() {
        String user = username.get().trim();
        if (user.isEmpty() || password.get().isEmpty()) {
            problem.set(context.text("signIn.problem.empty"));
            return;
        }
        char[] pw = password.get().toCharArray();
        char[] pp = passphraseNeeded.get() ? passphrase.get().toCharArray() : null;
        busy.set(true);
        context.threads().run(() -> {
            StaffSession session = pp != null ? context.unlock(pp, user, pw.clone())
                    : context.whenReady().get(STORE_WAIT_SECONDS, TimeUnit.SECONDS).staff().signIn(user, pw.clone());
            if (session.mustChangePassword()) {
                signedInWith = pw;
            } else {
                Arrays.fill(pw, '\0');
            }
            return session;
        }, this::signedIn, e -> {
            Arrays.fill(pw, '\0');
            failed(e);
        });
    }

    private void changePassword() {
        if (!newPassword.get().equals(repeatPassword.get())) {
            problem.set(context.text("error.secret.mismatch"));
            return;
        }
        StaffSession session = mustChange;
        char[] current = signedInWith;
        char[] fresh = newPassword.get().toCharArray();
        busy.set(true);
        context.threads().run(() -> {
            ConsoleServices services = context.services();
            services.staff().changeOwnPassword(session, current, fresh.clone());
            Arrays.fill(current, '\0');
            try {
                return services.staff().signIn(session.username(), fresh);
            } finally {
                Arrays.fill(fresh, '\0');
            }
        }, this::signedIn, this::failed);
    }

    private void signedIn(StaffSession session) {
        busy.set(false);
        password.set("");
        newPassword.set("");
        repeatPassword.set("");
        passphrase.set("");
        repeatPassphrase.set("");
        passphraseNeeded.set(false);
        if (session.mustChangePassword()) {
            mustChange = session;
            mode.set(Mode.CHANGE_PASSWORD);
            return;
        }
        mustChange = null;
        signedInWith = null;
        lockedUser.set(null);
        mode.set(Mode.SIGN_IN);
        context.signedIn(session);
    }

    private void failed(Throwable failure) {
        busy.set(false);
        if (failure instanceof com.payband.console.crypto.KeyVaultException k
                && k.reason() == com.payband.console.crypto.KeyVaultException.Reason.WRONG_PASSPHRASE) {
            passphrase.set(""); // the store's passphrase was wrong: the password was never tried, it stays
        } else if (mode.get() != Mode.FIRST_START) { // a first start fails on the key: keep what was typed
            password.set("");
        }
        problem.set(failure instanceof java.util.concurrent.TimeoutException
                ? context.text("signIn.problem.storeSlow") : context.describe(failure));
    }

    public ObjectProperty<Mode> mode() {
        return mode;
    }

    public StringProperty username() {
        return username;
    }

    public StringProperty password() {
        return password;
    }

    public StringProperty newPassword() {
        return newPassword;
    }

    public StringProperty repeatPassword() {
        return repeatPassword;
    }

    public StringProperty passphrase() {
        return passphrase;
    }

    public StringProperty repeatPassphrase() {
        return repeatPassphrase;
    }

    public BooleanProperty protectWithPassphrase() {
        return protectWithPassphrase;
    }

    public ReadOnlyBooleanProperty passphraseNeeded() {
        return passphraseNeeded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    public StringProperty problem() {
        return problem;
    }

    /** Whether the member locked the console themselves (else it locked itself after a time without use). */
    public boolean lockedByHand() {
        return lockedByHand;
    }

    public StringProperty lockedUser() {
        return lockedUser;
    }

    /** Whether the passphrase fields belong on the form now. */
    public javafx.beans.binding.BooleanBinding showsPassphrase() {
        return Bindings.createBooleanBinding(() -> (mode.get() == Mode.FIRST_START && protectWithPassphrase.get())
                || (mode.get() == Mode.SIGN_IN && passphraseNeeded.get()), mode, protectWithPassphrase, passphraseNeeded);
    }
}
