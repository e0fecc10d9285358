package com.payband.console.ui.settings;

import com.payband.console.bands.BandTransport;
import com.payband.console.ui.ConsoleContext;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The band radio of this workstation, chosen in Settings: the simulator, the store's Bluetooth dongle through BlueZ
 * and TinyB (an adapter by name or address, or BlueZ's first), or TinyB with the BlueZ stand-in playing the
 * simulator's bands (training). Anyone may choose it, as they choose the reader: it is the computer's device.
 */
public final class RadioViewModel {

    private final ConsoleContext context;
    private final ObjectProperty<BandTransport.Kind> kind = new SimpleObjectProperty<>();
    private final StringProperty adapter = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");

    public RadioViewModel(ConsoleContext context) {
        this.context = context;
        BandTransport chosen = context.radioChoice();
        kind.set(chosen.kind());
        adapter.set(chosen.adapter().orElse(""));
    }

    public String kindText(BandTransport.Kind k) {
        return k == null ? "" : context.text("settings.radio.kind." + k.name());
    }

    /** Uses the radio chosen from now on; the Bluetooth driver starts at the next scan. */
    public void use() {
        if (busy.get() || kind.get() == null) {
            return;
        }
        notice.set("");
        problem.set("");
        BandTransport chosen;
        try {
            chosen = new BandTransport(kind.get(),
                    kind.get() == BandTransport.Kind.TINYB ? Optional.of(adapter.get()) : Optional.empty());
        } catch (IllegalArgumentException e) {
            problem.set(context.text("error.band.adapter", adapter.get().strip()));
            return;
        }
        busy.set(true);
        context.threads().run(() -> {
            context.useBandTransport(chosen);
            return chosen;
        }, used -> {
            busy.set(false);
            notice.set(context.text("settings.radio.now", kindText(used.kind())));
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    public ObjectProperty<BandTransport.Kind> kind() {
        return kind;
    }

    public StringProperty adapter() {
        return adapter;
    }

    public BooleanProperty busy() {
        return busy;
    }

    public StringProperty notice() {
        return notice;
    }

    public StringProperty problem() {
        return problem;
    }

    /** The radio in use and its driver's health, live. */
    public ReadOnlyStringProperty status() {
        return context.radioStatus();
    }
}
