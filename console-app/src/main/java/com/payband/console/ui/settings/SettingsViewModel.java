package com.payband.console.ui.settings;

import com.payband.console.settings.Setting;
import com.payband.console.staff.Action;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.ReaderState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Settings: this workstation's language and theme and its devices (for everyone), and the store's
 * settings (the idle lock, the minimum age), which only who may CHANGE_SETTINGS changes; the others
 * see them read-only.
 */
public final class SettingsViewModel {

    /** The store settings this screen shows, in order. */
    public static final List<Setting> STORE_SETTINGS = List.of(Setting.IDLE_LOCK_MINUTES, Setting.MINIMUM_AGE,
            Setting.UNCHECKED_PASSPORTS, Setting.STORE_NAME, Setting.STORE_ADDRESS);

    private final ConsoleContext context;
    private final Map<Setting, StringProperty> values = new EnumMap<>(Setting.class);
    /** The values as last read from the store: only what differs is saved. */
    private final Map<Setting, String> stored = new EnumMap<>(Setting.class);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<ReaderState> readerState = new ReadOnlyObjectWrapper<>();
    private IdCardReader.Subscription readerEvents;

    public SettingsViewModel(ConsoleContext context) {
        this.context = context;
        for (Setting s : STORE_SETTINGS) {
            values.put(s, new SimpleStringProperty(""));
        }
        // another reader chosen while the screen is shown: follow that one's events instead
        context.readerProperty().addListener((o, a, b) -> {
            if (readerEvents != null) {
                readerEvents.close();
                readerEvents = b.subscribe(event -> context.threads().ui(this::readReaderState));
                readReaderState();
            }
        });
    }

    /** The screen is shown: read the store's settings and follow the reader. */
    public void activate() {
        if (readerEvents == null) {
            readerEvents = context.reader().subscribe(event -> context.threads().ui(this::readReaderState));
        }
        readReaderState();
        load();
    }

    /** The screen is hidden: stop following the reader. */
    public void deactivate() {
        IdCardReader.Subscription s = readerEvents;
        readerEvents = null;
        if (s != null) {
            s.close();
        }
    }

    private void readReaderState() {
        readerState.set(context.reader().state());
    }

    /** Reads the store's settings. */
    public void load() {
        busy.set(true);
        context.threads().run(this::read, read -> {
            busy.set(false);
            show(read);
        }, this::failed);
    }

    /** Saves the changed values, after checking every one; then reads them back. */
    public void save() {
        if (busy.get()) {
            return;
        }
        problem.set("");
        notice.set("");
        if (!mayChange()) {
            problem.set(context.text("error.access.NOT_PERMITTED", context.text("action." + Action.CHANGE_SETTINGS.name())));
            return;
        }
        List<String> refused = new ArrayList<>();
        Map<Setting, String> changed = new LinkedHashMap<>();
        for (Setting s : STORE_SETTINGS) {
            String value = values.get(s).get() == null ? "" : values.get(s).get().trim();
            if (!s.accepts(value)) {
                refused.add(context.text("settings.invalid." + s.name(), value));
            } else if (!value.equals(stored.get(s))) {
                changed.put(s, value);
            }
        }
        if (!refused.isEmpty()) {
            problem.set(String.join("\n", refused));
            return;
        }
        if (changed.isEmpty()) {
            notice.set(context.text("settings.unchanged"));
            return;
        }
        StaffSession staff = context.session();
        busy.set(true);
        context.threads().run(() -> {
            for (Map.Entry<Setting, String> e : changed.entrySet()) {
                context.services().settings().set(staff, e.getKey(), e.getValue());
            }
            return read();
        }, read -> {
            busy.set(false);
            show(read);
            context.idleLockMinutes().set(Integer.parseInt(read.get(Setting.IDLE_LOCK_MINUTES)));
            notice.set(context.text("settings.saved"));
        }, this::failed);
    }

    private Map<Setting, String> read() {
        Map<Setting, String> read = new EnumMap<>(Setting.class);
        for (Setting s : STORE_SETTINGS) {
            read.put(s, context.services().settings().get(s));
        }
        return read;
    }

    private void show(Map<Setting, String> read) {
        stored.clear();
        stored.putAll(read);
        read.forEach((s, v) -> values.get(s).set(v));
    }

    private void failed(Throwable failure) {
        busy.set(false);
        problem.set(context.describe(failure));
    }

    // ---------------------------------------------------------------- words

    public String themeText(ConsoleContext.Theme theme) {
        return theme == null ? "" : context.text("settings.theme." + theme.name());
    }

    /** The simulated reader and what it is doing, e.g. "Simulated ID card reader 0: ready". */
    public StringBinding readerStateText() {
        return Bindings.createStringBinding(() -> readerState.get() == null ? ""
                : context.text("settings.reader.live", context.reader().info().displayName(),
                        context.text("readerState." + readerState.get().name())), readerState);
    }

    public String settingText(Setting setting) {
        return context.text("setting." + setting.name());
    }

    // ---------------------------------------------------------------- properties

    /** Whether this member of staff may change the store's settings (the others see them read-only). */
    public boolean mayChange() {
        return context.session().may(Action.CHANGE_SETTINGS);
    }

    public StringProperty value(Setting setting) {
        StringProperty p = values.get(setting);
        if (p == null) {
            throw new IllegalArgumentException(setting + " is not on this screen");
        }
        return p;
    }

    public StringProperty idleLockMinutes() {
        return value(Setting.IDLE_LOCK_MINUTES);
    }

    public StringProperty minimumAge() {
        return value(Setting.MINIMUM_AGE);
    }

    /** Whether passports nobody can check (no CSCA trusted here) are accepted: the setting as a yes/no. */
    public boolean acceptsUncheckedPassports() {
        return "ACCEPT".equalsIgnoreCase(value(Setting.UNCHECKED_PASSPORTS).get());
    }

    public void acceptUncheckedPassports(boolean accept) {
        value(Setting.UNCHECKED_PASSPORTS).set(accept ? "ACCEPT" : "REFUSE");
    }

    public ObjectProperty<ConsoleContext.Theme> theme() {
        return context.themeProperty();
    }

    public ReadOnlyObjectProperty<ReaderState> readerState() {
        return readerState.getReadOnlyProperty();
    }

    /** Whether the screen follows the reader's events now. */
    public boolean followsReader() {
        return readerEvents != null;
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
