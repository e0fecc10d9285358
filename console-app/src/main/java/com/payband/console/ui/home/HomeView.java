package com.payband.console.ui.home;

import com.payband.console.binding.Binding;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.Page;
import com.payband.console.ui.PageView;
import com.payband.console.ui.shell.ShellViewModel;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Status at a glance: reader, radio, backend; today's enrollments; unfinished binds to finish. */
public final class HomeView implements PageView {

    private final ConsoleContext context;
    private final HomeViewModel model;
    private final VBox root;

    public HomeView(ConsoleContext context, ShellViewModel shell) {
        this.context = context;
        this.model = new HomeViewModel(context);
        FlowPane tiles = new FlowPane(12, 12,
                tile("home.reader", model.readerStatus(), "homeReader"),
                tile("home.radio", model.radioStatus(), "homeRadio"),
                tile("home.backend", model.backendStatus(), "homeBackend"),
                tile("home.today", model.todaysEnrollments().asString(), "homeToday"));
        Label attention = new Label();
        attention.setId("homeAttention");
        attention.textProperty().bind(model.attentionNote());
        TableView<Binding> pending = new TableView<>(model.pending());
        pending.setId("pendingBindings");
        pending.setPlaceholder(new Label(context.text("home.attention.none")));
        TableColumn<Binding, String> band = new TableColumn<>(context.text("customers.col.band"));
        band.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().bandSerial()));
        TableColumn<Binding, String> since = new TableColumn<>(context.text("customers.col.since"));
        since.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().createdAt().toString()));
        pending.getColumns().add(band);
        pending.getColumns().add(since);
        pending.setPrefHeight(160);
        // the note above says when there is nothing to finish: the empty table would only say it again
        pending.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.pending()));
        pending.managedProperty().bind(pending.visibleProperty());
        pending.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox attentionBox = new VBox(8, title("home.attention"), attention, pending);
        if (model.mayReconcile()) {
            Button reconcile = new Button(context.text("home.reconcile"));
            reconcile.setId("reconcilePending");
            reconcile.disableProperty().bind(model.busy().or(javafx.beans.binding.Bindings.isEmpty(model.pending())));
            reconcile.setOnAction(e -> model.reconcile());
            attentionBox.getChildren().add(reconcile);
        }
        HBox quick = new HBox(10);
        quick.setAlignment(Pos.CENTER_LEFT);
        if (shell != null && shell.pages().contains(Page.ENROLL)) {
            Button enroll = Forms.primary(context.text("home.enroll"));
            enroll.setId("homeEnroll");
            enroll.setDefaultButton(false);
            enroll.setOnAction(e -> shell.open(Page.ENROLL));
            quick.getChildren().add(enroll);
        }
        if (shell != null && shell.pages().contains(Page.CUSTOMERS)) {
            Button find = new Button(context.text("home.find"));
            find.setId("homeFind");
            find.setOnAction(e -> shell.open(Page.CUSTOMERS));
            quick.getChildren().add(find);
        }
        root = Forms.page(context.text("page." + Page.HOME.name()), tiles, quick, attentionBox, Forms.problem(model.problem()));
        root.setId("home");
    }

    private Label title(String key) {
        Label l = new Label(context.text(key));
        l.getStyleClass().add("section-title");
        return l;
    }

    private Node tile(String key, ObservableValue<String> value, String id) {
        Label name = new Label(context.text(key));
        name.getStyleClass().add("muted");
        Label v = new Label();
        v.setId(id);
        v.getStyleClass().add("value");
        v.setWrapText(true);
        v.textProperty().bind(value);
        VBox tile = new VBox(6, name, v);
        tile.getStyleClass().add("status-tile");
        tile.setPrefWidth(250);
        return tile;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activate() {
        model.refresh();
    }

}
