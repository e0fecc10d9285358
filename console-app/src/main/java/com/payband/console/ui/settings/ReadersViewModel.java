package com.payband.console.ui.settings;

import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.ReaderChoice;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.serial.ProbedPort;
import com.payband.drivers.idcard.serial.SerialIdCardReader;
import com.payband.drivers.idcard.serial.SerialReaderDiscovery;
import com.payband.drivers.idcard.serial.SerialReaderSettings;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The ID-card readers this workstation can use: the simulator and every GA/T 467 reader found on the
 * serial ports (confirmed by asking its security module), with a live status; readers plugged in or out
 * are noticed within the watcher's interval while the screen is shown.
 */
public final class ReadersViewModel {

    /** A row of the list: which reader, what it is, and whether it is the one in use. */
    public record ReaderRow(ReaderChoice choice, String name, String status, boolean usable, boolean inUse) {
    }

    private final ConsoleContext context;
    private final ObservableList<ReaderRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<ReaderRow> selected = new SimpleObjectProperty<>();
    private final BooleanProperty scanning = new SimpleBooleanProperty(false);
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty pcscHealth = new SimpleStringProperty("");
    private final AtomicBoolean rescanAgain = new AtomicBoolean(false);
    private IdCardReader.Subscription plugEvents;
    private IdCardReader.Subscription pcscEvents;

    public ReadersViewModel(ConsoleContext context) {
        this.context = context;
    }

    /** Shown: list the readers, and look again whenever a device appears or disappears. */
    public void activate() {
        rescan();
        if (plugEvents == null) {
            plugEvents = context.deviceWatcher().subscribe(e -> context.threads().ui(this::plugged));
            pcscEvents = context.pcsc().subscribe(e -> context.threads().ui(this::plugged));
        }
    }

    public void deactivate() {
        if (plugEvents != null) {
            plugEvents.close();
            plugEvents = null;
        }
        if (pcscEvents != null) {
            pcscEvents.close();
            pcscEvents = null;
        }
    }

    private void plugged() {
        if (scanning.get()) {
            rescanAgain.set(true);
        } else {
            rescan();
        }
    }

    /** Looks at every serial port again (off the FX thread: probing takes up to a second). */
    public void rescan() {
        if (scanning.get()) {
            return;
        }
        scanning.set(true);
        problem.set("");
        IdCardReader inUse = context.reader();
        context.threads().run(() -> {
            List<ProbedPort> probed = SerialReaderDiscovery.system(context.serialGlobs(), SerialReaderSettings.defaults())
                    .probeAll();
            return rowsOf(inUse, probed);
        }, found -> {
            scanning.set(false);
            ReaderChoice keep = selected.get() == null ? null : selected.get().choice();
            rows.setAll(found);
            rows.stream().filter(r -> r.choice().equals(keep)).findFirst().ifPresent(selected::set);
            var health = context.pcsc().health(); // a field read: fine on the FX thread
            pcscHealth.set(context.text("pcsc.health." + health.name()));
            if (rescanAgain.getAndSet(false)) {
                rescan();
            }
        }, e -> {
            scanning.set(false);
            problem.set(context.describe(e));
        });
    }

    private List<ReaderRow> rowsOf(IdCardReader inUse, List<ProbedPort> probed) {
        List<ReaderRow> found = new ArrayList<>();
        boolean simulatorInUse = inUse instanceof SimulatedIdCardReader;
        found.add(new ReaderRow(ReaderChoice.SIMULATOR, context.text("settings.device.SIMULATOR"),
                simulatorInUse ? state(inUse) : context.text("readers.available"), true, simulatorInUse));
        for (ProbedPort p : probed) {
            if (p.outcome() == ProbedPort.Outcome.NOT_PROBED) {
                continue; // a port outside the watched paths: not a candidate, not shown
            }
            String path = p.port().port().path();
            boolean thisInUse = inUse instanceof SerialIdCardReader serial && serial.path().equals(path);
            String chip = p.port().chip().map(c -> c.displayName()).orElse(context.text("portRank." + p.port().rank().name()));
            String name = context.text("readers.serialName", path, chip);
            String status = thisInUse ? state(inUse) : describe(p);
            boolean usable = thisInUse || p.outcome() == ProbedPort.Outcome.READER;
            found.add(new ReaderRow(ReaderChoice.serial(path, p.baud()), name, status, usable, thisInUse));
        }
        for (com.payband.drivers.idcard.pcsc.PcscReaderStatus r : context.pcsc().list()) {
            ReaderChoice choice = ReaderChoice.pcsc(r.name());
            boolean thisInUse = inUse instanceof com.payband.drivers.idcard.pcsc.PcscIdCardReader
                    && inUse.info().id().equals(r.info().id());
            String status = thisInUse ? state(inUse) : context.text(r.cardPresent() ? "readers.pcsc.card" : "readers.pcsc.noCard");
            found.add(new ReaderRow(choice, context.text("readers.pcscName", r.name()), status, true, thisInUse));
        }
        if (inUse instanceof SerialIdCardReader serial && probed.stream().noneMatch(p -> p.port().port().path()
                .equals(serial.path()))) {
            found.add(new ReaderRow(ReaderChoice.serial(serial.path(), serial.baud()), context.text("readers.serialName",
                    serial.path(), ""), state(inUse), true, true));
        }
        return found;
    }

    private String state(IdCardReader reader) {
        return context.text("readers.inUse", context.text("readerState." + reader.state().name()));
    }

    private String describe(ProbedPort p) {
        String outcome = context.text("readerProbe." + p.outcome().name());
        if (p.outcome() == ProbedPort.Outcome.READER) {
            return context.text("readers.found", outcome, p.samId().map(Object::toString).orElse(""),
                    p.baud().isPresent() ? p.baud().getAsInt() : 0) + (p.simulated() ? " · " + context.text("simulator.badge") : "");
        }
        return outcome;
    }

    /** Uses the selected reader from now on (the wizard reads from it); remembered for this workstation. */
    public void useSelected() {
        ReaderRow row = selected.get();
        if (row == null) {
            problem.set(context.text("readers.noneSelected"));
            return;
        }
        if (!row.usable()) {
            problem.set(context.text("readers.notUsable", row.name()));
            return;
        }
        problem.set("");
        ReaderChoice choice = row.choice();
        context.threads().run(() -> {
            context.useReader(choice);
            return choice;
        }, used -> {
            notice.set(context.text("readers.now", row.name()));
            rescan();
        }, e -> problem.set(context.describe(e)));
    }

    public Optional<ReaderRow> inUse() {
        return rows.stream().filter(ReaderRow::inUse).findFirst();
    }

    public ObservableList<ReaderRow> rows() {
        return rows;
    }

    public ObjectProperty<ReaderRow> selected() {
        return selected;
    }

    public BooleanProperty scanning() {
        return scanning;
    }

    public StringProperty problem() {
        return problem;
    }

    /** Whether the smart-card service (for passports) runs, in words. */
    public StringProperty pcscHealth() {
        return pcscHealth;
    }

    public StringProperty notice() {
        return notice;
    }
}
