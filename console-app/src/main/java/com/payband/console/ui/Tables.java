package com.payband.console.ui;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Text;

/**
 * Tables whose text is read whole at the smallest supported screen (1366×768), in every language: headers never
 * narrower than their title, short values (times, codes, yes/no) never cut, long free text wrapped onto more lines.
 * Widths come from the text as the style sheet draws it, not from guessed pixels.
 */
public final class Tables {

    /** Room for the sort arrow beside a header's title. */
    private static final double SORT_ARROW = 14;

    private Tables() {
    }

    /** No column of this table narrower than its header's title (measured once the table is styled). */
    public static void wholeHeaders(TableView<?> table) {
        table.skinProperty().addListener((o, a, skin) -> {
            if (skin != null) {
                Platform.runLater(() -> fitHeaders(table));
            }
        });
    }

    private static void fitHeaders(TableView<?> table) {
        table.applyCss();
        table.layout();
        for (Node node : table.lookupAll(".column-header")) {
            if (node instanceof TableColumnHeader header && header.getTableColumn() instanceof TableColumn<?, ?> column
                    && header.lookup(".label") instanceof Label title) {
                double need = Math.ceil(title.prefWidth(-1) + header.snappedLeftInset() + header.snappedRightInset()
                        + SORT_ARROW);
                grow(column, need);
            }
        }
    }

    /**
     * A column of short values shown whole: it grows to the widest value it has shown (never shrinks while the page is
     * open, so that columns do not jump as rows scroll by).
     */
    public static <S> void wholeValues(TableColumn<S, ?> column) {
        texts(column).setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }

            @Override
            protected void layoutChildren() {
                super.layoutChildren();
                if (getText() != null && !getText().isEmpty()) {
                    // the text as this cell's style draws it (a table cell's own pref width is its column's)
                    Text drawn = new Text(getText());
                    drawn.setFont(getFont());
                    double need = Math.ceil(drawn.getLayoutBounds().getWidth() + snappedLeftInset()
                            + snappedRightInset() + 2);
                    if (need > col.getWidth()) {
                        Platform.runLater(() -> grow(col, need));
                    }
                }
            }
        });
    }

    /** Every cell of this column shows all of its text, on as many lines as it takes (notes, targets, details). */
    public static <S> void wrapping(TableColumn<S, ?> column) {
        texts(column).setCellFactory(col -> {
            TableCell<S, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item); // not shown (the graphic is): what assistive tools read
                }
            };
            // a Text that wraps at the column's width: the row grows to show it all
            Text text = new Text();
            text.getStyleClass().add("wrapped-cell");
            text.wrappingWidthProperty().bind(col.widthProperty().subtract(10));
            text.textProperty().bind(cell.itemProperty());
            text.fillProperty().bind(cell.textFillProperty()); // the row's colours (selected, dark mode)
            cell.setGraphic(text);
            cell.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            cell.setPrefHeight(Control.USE_COMPUTED_SIZE);
            return cell;
        });
    }

    /** The console's tables show text in every column (their values formatted by the view-model). */
    @SuppressWarnings("unchecked")
    private static <S> TableColumn<S, String> texts(TableColumn<S, ?> column) {
        return (TableColumn<S, String>) column;
    }

    private static void grow(TableColumn<?, ?> column, double width) {
        if (column.getMinWidth() >= width && column.getWidth() >= width) {
            return;
        }
        column.setMinWidth(Math.max(column.getMinWidth(), width));
        column.setPrefWidth(Math.max(column.getPrefWidth(), width));
        // the table shares its width out again, as when the window is resized: the wrapping columns give way
        TableView<?> table = column.getTableView();
        if (table != null) {
            refit(table);
        }
    }

    private static <S> void refit(TableView<S> table) {
        table.getColumnResizePolicy().call(new TableView.ResizeFeatures<>(table, null, 0.0));
    }
}
