package com.payband.console.ui;

import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.sim.SampleDocuments;
import com.payband.drivers.idcard.sim.SimulatedIdCardReader;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/**
 * The simulator's card tray, wherever a page reads a card (training and demonstrations): which sample card lies on the
 * simulated reader, and the read request that goes with it (a sample passport's MRZ "scanned" too, as the command line
 * does). Shown only while the simulated reader is the one in use.
 */
public final class SampleCardTray {

    private final ConsoleContext context;
    private volatile String placed;

    public SampleCardTray(ConsoleContext context) {
        this.context = context;
    }

    public List<String> names() {
        return SampleDocuments.names();
    }

    public void place(String name) {
        context.simulatedReader().ifPresent(r -> {
            r.insertCard(name);
            placed = name;
        });
    }

    public void remove() {
        context.simulatedReader().ifPresent(SimulatedIdCardReader::removeCard);
    }

    /** The request for the card on the tray: plain, or with a sample passport's access key. */
    public ReadRequest request() {
        String sample = placed;
        if (sample == null || context.simulatedReader().isEmpty()) {
            return ReadRequest.plain();
        }
        return SampleDocuments.byName(sample).flatMap(s -> s.accessKey(context.clock()))
                .map(ReadRequest::withAccessKey).orElse(ReadRequest.plain());
    }

    /**
     * The tray's row: the sample cards, "Place the card" and (when {@code remove} is given) "Take the card off".
     *
     * @param ids the ids of the list, the place button and the remove button
     */
    public Node view(String[] ids, Consumer<String> place, Runnable remove) {
        ComboBox<String> samples = new ComboBox<>();
        samples.setId(ids[0]);
        samples.getItems().setAll(names());
        samples.getSelectionModel().selectFirst();
        Button placeButton = new Button(context.text("enroll.sim.place"));
        placeButton.setId(ids[1]);
        placeButton.setOnAction(e -> place.accept(samples.getValue()));
        Label label = new Label(context.text("enroll.sim.cards"));
        label.getStyleClass().add("muted");
        HBox row = new HBox(10, label, samples, placeButton);
        if (remove != null) {
            Button removeButton = new Button(context.text("enroll.sim.remove"));
            removeButton.setId(ids[2]);
            removeButton.setOnAction(e -> remove.run());
            row.getChildren().add(removeButton);
        }
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> context.readerProperty().get() instanceof SimulatedIdCardReader, context.readerProperty()));
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }
}
