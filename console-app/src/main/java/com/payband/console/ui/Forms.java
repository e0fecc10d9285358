package com.payband.console.ui;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The few building blocks every screen's layout shares, so that they look and behave alike. */
public final class Forms {

    private Forms() {
    }

    /** A two-column form: labels on the left, fields growing on the right. */
    public static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // labels are never cut short
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        return grid;
    }

    /** Adds a labelled field as the next row; the label's mnemonic focuses the field. */
    public static void row(GridPane grid, String label, Node field) {
        int row = grid.getRowCount();
        Label l = new Label(label);
        l.setLabelFor(field);
        l.setMnemonicParsing(true);
        grid.addRow(row, l, field);
    }

    /** A message line for refusals and failures, hidden while empty and read out by screen readers. */
    public static Label problem(ObservableValue<String> text) {
        Label label = new Label();
        label.getStyleClass().add("problem");
        label.setWrapText(true);
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    /** A password or passphrase field bound both ways to the view-model's property (which clears it after use). */
    public static javafx.scene.control.PasswordField secret(String id, javafx.beans.property.StringProperty value) {
        javafx.scene.control.PasswordField field = new javafx.scene.control.PasswordField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    public static Button primary(String text) {
        Button b = new Button(text);
        b.getStyleClass().add("primary");
        b.setDefaultButton(true);
        return b;
    }

    public static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("page-title");
        return l;
    }

    /** A page: title, then content, with the house's padding. */
    public static VBox page(String title, Node... content) {
        VBox box = new VBox(14);
        box.getStyleClass().add("page");
        box.setPadding(new Insets(20, 24, 20, 24));
        box.getChildren().add(title(title));
        box.getChildren().addAll(content);
        return box;
    }

    /**
     * Asks before an act that cannot be taken back: a confirmation over the window of {@code over}, in its style, whose
     * default answer (Enter, Escape) is the safe one; true when the member chose {@code act}.
     *
     * @param actId the id of the button that acts, for tests and keyboard users' tools
     */
    public static boolean confirm(Node over, String title, String text, String act, String cancel, String actId) {
        javafx.scene.control.Alert confirm = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION);
        confirm.initOwner(over.getScene() == null ? null : over.getScene().getWindow());
        confirm.setTitle(title);
        confirm.setHeaderText(title);
        confirm.setContentText(text);
        confirm.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // a long text is not cut
        javafx.scene.control.ButtonType yes = new javafx.scene.control.ButtonType(act,
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType no = new javafx.scene.control.ButtonType(cancel,
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        confirm.getButtonTypes().setAll(yes, no);
        ((Button) confirm.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((Button) confirm.getDialogPane().lookupButton(no)).setDefaultButton(true);
        confirm.getDialogPane().lookupButton(yes).setId(actId);
        if (over.getScene() != null) {
            confirm.getDialogPane().getStylesheets().setAll(over.getScene().getStylesheets());
        }
        return confirm.showAndWait().filter(yes::equals).isPresent();
    }
}
