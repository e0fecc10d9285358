package com.payband.console.ui.settings;

import com.payband.console.settings.Setting;
import com.payband.console.staff.Action;
import com.payband.console.staff.StaffSession;
import com.payband.console.sync.BackendLink;
import com.payband.console.ui.ConsoleContext;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Settings › Backend: which backend this console syncs with and binds through, and its registration by an
 * administrator with the one-time code the backend's administrator made (as {@code backend register} does). Until it
 * is registered a console binds nothing: the issuer is the backend's.
 */
public final class BackendSettingsViewModel {

    private final ConsoleContext context;
    private final StringProperty url = new SimpleStringProperty("https://");
    private final StringProperty code = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper registered = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    /** Set when a replacement waits for the administrator's word that the current backend is gone for good. */
    private final ReadOnlyStringWrapper keepUnsentQuestion = new ReadOnlyStringWrapper();
    private volatile String currentUrl;

    public BackendSettingsViewModel(ConsoleContext context) {
        this.context = context;
    }

    /** Whether this member of staff may register the console (the others only see where it syncs). */
    public boolean mayRegister() {
        return context.session().may(Action.REGISTER_BACKEND);
    }

    /** Reads this console's link off the FX thread, then shows it. */
    public void refresh() {
        context.threads().run(this::read, this::show, this::failed);
    }

    private State read() {
        var backend = context.services().backend();
        return new State(backend.link(), backend.demo());
    }

    private record State(Optional<BackendLink> link, boolean demo) {
    }

    private void show(State state) {
        currentUrl = state.link().map(BackendLink::url).orElse(null);
        registered.set(state.link().isPresent());
        status.set(state.link().map(l -> context.text(state.demo() ? "settings.backend.demo" : "settings.backend.link",
                        l.url(), l.consoleName(), l.consoleId(), date(l)))
                .orElseGet(() -> context.text(state.demo() ? "settings.backend.demoAtFirstUse"
                        : "settings.backend.notRegistered")));
    }

    private String date(BackendLink link) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(context.localeProperty().get())
                .format(link.notAfter().atZone(ZoneId.systemDefault()));
    }

    /**
     * Registers this console with the backend at the typed address, with the typed one-time code: checked here
     * first, then by the backend; the code is cleared once used. The waiting enrollments are bound at the sync that
     * follows.
     */
    public void register() {
        register(false);
    }

    /**
     * What the administrator confirms before a registration replaces this console's current one (empty when there is
     * none): the bindings made so far stay with the current backend, whose issuer alone signs for their bands.
     */
    public Optional<String> replacing() {
        String now = currentUrl;
        return registered.get() && now != null
                ? Optional.of(context.text("settings.backend.confirmReplace.text", now, url.get() == null ? "" : url.get().strip()))
                : Optional.empty();
    }

    /** @param replace the administrator confirmed that a registration replaces the current one */
    public void register(boolean replace) {
        register(replace, false);
    }

    /**
     * @param keepUnsentHere the administrator confirmed that the current backend is gone for good: what never reached
     *                       it is kept in this console only ({@link #keepUnsentQuestion()} asks it)
     */
    public void register(boolean replace, boolean keepUnsentHere) {
        if (busy.get()) {
            return;
        }
        problem.set("");
        notice.set("");
        keepUnsentQuestion.set(null);
        if (!mayRegister()) {
            problem.set(context.text("error.access.NOT_PERMITTED", context.text("action." + Action.REGISTER_BACKEND.name())));
            return;
        }
        String address = url.get() == null ? "" : url.get().strip();
        String typed = code.get() == null ? "" : code.get().strip();
        if (typed.isEmpty()) {
            problem.set(context.text("backend.error.BAD_CODE"));
            return;
        }
        StaffSession staff = context.session();
        busy.set(true);
        String from = currentUrl;
        context.threads().run(() -> {
            var services = context.services();
            try {
                BackendLink link = services.sync().register(staff, address, typed,
                        services.settings().get(Setting.STORE_NAME), replace, keepUnsentHere);
                return (Object) new State(Optional.of(link), services.backend().demo());
            } catch (com.payband.console.sync.BackendException e) {
                if (replace && !keepUnsentHere
                        && e.reason() == com.payband.console.sync.BackendException.Reason.CHANGES_NOT_SENT) {
                    long waiting = services.outbox().pendingCount();
                    if (waiting > 0) {
                        return new Unsent(waiting);
                    }
                    // a sync took them to the current backend meanwhile: nothing to ask, the registration goes on
                    BackendLink link = services.sync().register(staff, address, typed,
                            services.settings().get(Setting.STORE_NAME), true, false);
                    return new State(Optional.of(link), services.backend().demo());
                }
                throw e;
            }
        }, result -> {
            busy.set(false);
            if (result instanceof Unsent unsent) {
                // the code was not used: it stays in its field for the second, confirmed attempt
                problem.set(context.text("backend.error.CHANGES_NOT_SENT"));
                keepUnsentQuestion.set(context.text("settings.backend.keepUnsent.text", unsent.changes(),
                        from == null ? "" : from));
                return;
            }
            State state = (State) result;
            code.set("");
            show(state);
            notice.set(context.text("settings.backend.done"));
            context.syncNow();
        }, this::failed);
    }

    /**
     * Changes that wait for the backend being replaced, which did not take them in the push made first (it did not
     * answer, or refused them).
     */
    private record Unsent(long changes) {
    }

    /**
     * What the administrator is asked when the backend being replaced did not take the changes made here: whether it
     * is gone for good, so that they are kept in this console only (null when nothing is asked).
     */
    public ReadOnlyStringProperty keepUnsentQuestion() {
        return keepUnsentQuestion.getReadOnlyProperty();
    }

    private void failed(Throwable failure) {
        busy.set(false);
        problem.set(context.describe(failure));
        if (failure instanceof com.payband.console.sync.BackendException e
                && e.reason() == com.payband.console.sync.BackendException.Reason.ALREADY_REGISTERED) {
            refresh(); // registered meanwhile (the simulator's demo backend at its first sync): the page says so now
        }
    }

    public StringProperty url() {
        return url;
    }

    public StringProperty code() {
        return code;
    }

    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty registered() {
        return registered.getReadOnlyProperty();
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
}
