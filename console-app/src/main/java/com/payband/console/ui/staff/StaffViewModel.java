package com.payband.console.ui.staff;

import com.payband.console.staff.Role;
import com.payband.console.staff.StaffAccountView;
import com.payband.console.staff.StaffService;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The administrator's staff screen: the accounts, a new account (its member changes the password at
 * first sign-in), and what can be done to the selected one (roles, disable or enable, a new
 * password, unlock). Every call runs off the FX thread; every refusal becomes a sentence.
 */
public final class StaffViewModel {

    private final ConsoleContext context;
    private final ZoneId zone;
    private final ObservableList<StaffAccountView> accounts = FXCollections.observableArrayList();
    private final ObjectProperty<StaffAccountView> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");

    // a new account
    private final StringProperty newName = new SimpleStringProperty("");
    private final Map<Role, BooleanProperty> newRoles = new EnumMap<>(Role.class);
    private final StringProperty newPassword = new SimpleStringProperty("");
    private final StringProperty newPasswordRepeat = new SimpleStringProperty("");

    // the selected account
    private final Map<Role, BooleanProperty> selectedRoles = new EnumMap<>(Role.class);
    private final StringProperty resetPassword = new SimpleStringProperty("");
    private final StringProperty resetPasswordRepeat = new SimpleStringProperty("");

    public StaffViewModel(ConsoleContext context) {
        this(context, ZoneId.systemDefault());
    }

    /** @param zone where "last sign-in" is shown (the workstation's own zone) */
    public StaffViewModel(ConsoleContext context, ZoneId zone) {
        this.context = context;
        this.zone = zone;
        for (Role role : Role.values()) {
            newRoles.put(role, new SimpleBooleanProperty(false));
            selectedRoles.put(role, new SimpleBooleanProperty(false));
        }
        selected.addListener((o, a, b) -> {
            tick(b);
            resetPassword.set("");
            resetPasswordRepeat.set("");
        });
    }

    /** The selected account's roles, ticked as they are stored. */
    private void tick(StaffAccountView account) {
        for (Role role : Role.values()) {
            selectedRoles.get(role).set(account != null && account.roles().contains(role));
        }
    }

    /** Reads the accounts again (when the screen opens, and on request). */
    public void refresh() {
        perform(() -> null, selectedName());
    }

    /** Creates the account; its member must change the initial password at first sign-in. */
    public void create() {
        if (busy.get()) {
            return;
        }
        clearMessages();
        String name = newName.get() == null ? "" : newName.get().trim();
        if (name.isEmpty()) {
            problem.set(context.text("staff.problem.noName"));
            return;
        }
        if (!newPassword.get().equals(newPasswordRepeat.get())) {
            problem.set(context.text("error.secret.mismatch"));
            return;
        }
        Set<Role> roles = chosen(newRoles);
        char[] password = newPassword.get().toCharArray();
        String normalised = StaffService.normaliseUsername(name);
        perform(() -> {
            try {
                StaffAccountView created = context.services().staff().create(staff(), name, roles, password);
                return context.text("staff.added", created.username(), rolesText(created.roles()));
            } finally {
                Arrays.fill(password, '\0');
            }
        }, normalised, () -> {
            newName.set("");
            newPassword.set("");
            newPasswordRepeat.set("");
            newRoles.values().forEach(p -> p.set(false));
        });
    }

    /** Disables the selected account (the view asks for confirmation first). */
    public void disable() {
        setEnabled(false);
    }

    public void enable() {
        setEnabled(true);
    }

    private void setEnabled(boolean enabled) {
        StaffAccountView account = requireSelection();
        if (account == null) {
            return;
        }
        String name = account.username();
        perform(() -> {
            context.services().staff().setEnabled(staff(), name, enabled);
            return context.text(enabled ? "staff.enabled" : "staff.disabled", name);
        }, name);
    }

    /** Gives the selected account the roles ticked for it. */
    public void saveRoles() {
        StaffAccountView account = requireSelection();
        if (account == null) {
            return;
        }
        String name = account.username();
        Set<Role> roles = chosen(selectedRoles);
        perform(() -> {
            context.services().staff().setRoles(staff(), name, roles);
            return context.text("staff.rolesSet", name, rolesText(roles));
        }, name);
    }

    /** Sets a new password for the selected account; its member must change it at the next sign-in. */
    public void resetPassword() {
        StaffAccountView account = requireSelection();
        if (account == null) {
            return;
        }
        if (!resetPassword.get().equals(resetPasswordRepeat.get())) {
            problem.set(context.text("error.secret.mismatch"));
            return;
        }
        String name = account.username();
        char[] password = resetPassword.get().toCharArray();
        perform(() -> {
            try {
                context.services().staff().resetPassword(staff(), name, password);
            } finally {
                Arrays.fill(password, '\0');
            }
            return context.text("staff.passwordReset", name);
        }, name, () -> {
            resetPassword.set("");
            resetPasswordRepeat.set("");
        });
    }

    /** Lifts the lock-out after too many failed sign-ins. */
    public void unlock() {
        StaffAccountView account = requireSelection();
        if (account == null) {
            return;
        }
        String name = account.username();
        perform(() -> {
            context.services().staff().unlock(staff(), name);
            return context.text("staff.unlocked", name);
        }, name);
    }

    /** The question the view asks before disabling the selected account. */
    public String confirmDisableTitle() {
        return context.text("staff.confirmDisable.title", selectedName());
    }

    public String confirmDisableText() {
        return context.text("staff.confirmDisable.text", selectedName());
    }

    private StaffAccountView requireSelection() {
        if (busy.get()) {
            return null;
        }
        clearMessages();
        StaffAccountView account = selected.get();
        if (account == null) {
            problem.set(context.text("staff.problem.noSelection"));
        }
        return account;
    }

    private void perform(Callable<String> action, String select) {
        perform(action, select, () -> { });
    }

    /** Runs the change, then reads the list again; the same account stays selected. */
    private void perform(Callable<String> action, String select, Runnable onSuccess) {
        busy.set(true);
        StaffSession staff = staff();
        record Done(String notice, List<StaffAccountView> accounts) { }
        context.threads().run(() -> {
            String said = action.call();
            return new Done(said, context.services().staff().list(staff));
        }, done -> {
            busy.set(false);
            show(done.accounts(), select);
            if (done.notice() != null) {
                notice.set(done.notice());
            }
            onSuccess.run();
        }, failure -> {
            busy.set(false);
            problem.set(context.describe(failure));
        });
    }

    private void show(List<StaffAccountView> fresh, String select) {
        accounts.setAll(fresh);
        selected.set(select == null ? null
                : fresh.stream().filter(a -> a.username().equals(select)).findFirst().orElse(null));
        // an account read back unchanged is equal to the one before: no change event, so tick it here
        tick(selected.get());
    }

    private void clearMessages() {
        problem.set("");
        notice.set("");
    }

    private StaffSession staff() {
        return context.session();
    }

    private String selectedName() {
        StaffAccountView s = selected.get();
        return s == null ? null : s.username();
    }

    private static Set<Role> chosen(Map<Role, BooleanProperty> ticks) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        ticks.forEach((role, ticked) -> {
            if (ticked.get()) {
                roles.add(role);
            }
        });
        return roles;
    }

    // ---------------------------------------------------------------- words for the table

    /** The roles in words, in the order of {@link Role}. */
    public String rolesText(Set<Role> roles) {
        return String.join(context.text("list.separator"), roles.stream().sorted()
                .map(r -> context.text("role." + r.name())).toList());
    }

    /** Enabled, disabled or locked, and whether the password must be changed at the next sign-in. */
    public String stateText(StaffAccountView account) {
        String state = context.text(!account.enabled() ? "staff.account.disabled"
                : account.locked() ? "staff.account.locked" : "staff.account.enabled");
        return account.mustChangePassword()
                ? state + context.text("list.separator") + context.text("staff.account.mustChange") : state;
    }

    public String lastSignInText(Optional<Instant> at) {
        return at.map(i -> DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(context.localeProperty().get()).withZone(zone).format(i))
                .orElse(context.text("staff.never"));
    }

    public String roleText(Role role) {
        return context.text("role." + role.name());
    }

    // ---------------------------------------------------------------- properties

    public ObservableList<StaffAccountView> accounts() {
        return accounts;
    }

    public ObjectProperty<StaffAccountView> selected() {
        return selected;
    }

    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    public StringProperty problem() {
        return problem;
    }

    public StringProperty notice() {
        return notice;
    }

    public StringProperty newName() {
        return newName;
    }

    public BooleanProperty newRole(Role role) {
        return newRoles.get(role);
    }

    public StringProperty newPassword() {
        return newPassword;
    }

    public StringProperty newPasswordRepeat() {
        return newPasswordRepeat;
    }

    public BooleanProperty selectedRole(Role role) {
        return selectedRoles.get(role);
    }

    /** The new password {@link #resetPassword()} gives the selected account. */
    public StringProperty replacementPassword() {
        return resetPassword;
    }

    public StringProperty replacementPasswordRepeat() {
        return resetPasswordRepeat;
    }

    public List<Role> roles() {
        return Collections.unmodifiableList(Arrays.asList(Role.values()));
    }

    /** Whether an account is selected and nothing is running. */
    public BooleanBinding canActOnSelection() {
        return selected.isNotNull().and(busy.not());
    }

    /** The selected account can be disabled (it is enabled). */
    public BooleanBinding selectionEnabled() {
        return Bindings.createBooleanBinding(() -> selected.get() != null && selected.get().enabled(), selected);
    }

    /** The selected account is locked out. */
    public BooleanBinding selectionLocked() {
        return Bindings.createBooleanBinding(() -> selected.get() != null && selected.get().locked(), selected);
    }
}
