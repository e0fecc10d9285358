package com.payband.console.ui;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.controlsfx.control.StatusBar;

/**
 * Styles and lays out, once and off screen, the kinds of controls the shell and the home screen are made
 * of (navigation toggles, header buttons, status tiles, a table, ControlsFX's status bar), while the
 * sign-in form waits to be filled in. The first sign-in then finds their classes loaded, their skins'
 * code compiled and the stylesheets' lookups cached: the home screen is drawn ~0.2 s sooner
 * (src/docs/benchmarks.md). Nothing here touches the store; each piece runs in its own turn of the FX
 * thread so that typing never waits long.
 */
final class ControlsWarmUp {

    private ControlsWarmUp() {
    }

    /** On the FX thread; {@code stylesheets} are the window's, so that the same rules are matched. */
    static void start(List<String> stylesheets) {
        Queue<Runnable> pieces = new ArrayDeque<>(List.of(
                () -> lay(stylesheets, navigation()),
                () -> lay(stylesheets, table()),
                () -> lay(stylesheets, shellLike())));
        next(pieces);
    }

    private static void next(Queue<Runnable> pieces) {
        Runnable piece = pieces.poll();
        if (piece != null) {
            Platform.runLater(() -> {
                piece.run();
                next(pieces);
            });
        }
    }

    private static void lay(List<String> stylesheets, Parent root) {
        Scene scene = new Scene(root, 1180, 760);
        scene.getStylesheets().setAll(stylesheets);
        root.applyCss();
        root.layout();
    }

    private static Parent navigation() {
        ToggleGroup group = new ToggleGroup();
        VBox nav = new VBox(4);
        nav.getStyleClass().add("navigation");
        for (int i = 0; i < 6; i++) {
            ToggleButton page = new ToggleButton("Page " + i);
            page.setToggleGroup(group);
            page.setMaxWidth(Double.MAX_VALUE);
            nav.getChildren().add(page);
        }
        group.selectToggle(group.getToggles().get(0));
        return nav;
    }

    private static Parent table() {
        TableView<String> table = new TableView<>();
        table.setPlaceholder(new Label("-"));
        TableColumn<String, String> a = new TableColumn<>("a");
        a.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue()));
        TableColumn<String, String> b = new TableColumn<>("b");
        b.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue()));
        table.getColumns().add(a);
        table.getColumns().add(b);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getItems().setAll("PB000000", "PB000001");
        return new VBox(8, new Label("-"), table);
    }

    private static Parent shellLike() {
        BorderPane root = new BorderPane();
        Label product = new Label("PayBand");
        product.getStyleClass().add("product");
        HBox header = new HBox(12, product, new Label("-"), new ToggleButton("-"), new Button("-"));
        header.getStyleClass().add("header");
        root.setTop(header);
        FlowPane tiles = new FlowPane(12, 12);
        for (int i = 0; i < 4; i++) {
            Label value = new Label("-");
            value.getStyleClass().add("value");
            VBox tile = new VBox(4, new Label("-"), value);
            tile.getStyleClass().add("status-tile");
            tiles.getChildren().add(tile);
        }
        root.setCenter(tiles);
        StatusBar bar = new StatusBar();
        bar.setText("-");
        bar.getLeftItems().add(new Label("-"));
        root.setBottom(bar);
        return root;
    }
}
