package com.payband.console.ui.home;

import com.payband.console.binding.Binding;
import com.payband.console.enrollment.QueuedEnrollment;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.Tables;
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
        since.setCellValueFactory(c -> new ReadOnlyStringWrapper(when().format(c.getValue().createdAt())));
        pending.getColumns().add(band);
        pending.getColumns().add(since);
        pending.getColumns().forEach(Tables::wholeValues);
        Tables.wholeHeaders(pending);
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
        Node queueBox = model.mayReconcile() ? queueBox(shell) : new VBox();
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
        root = Forms.page(context.text("page." + Page.HOME.name()), recoveryReminder(shell), tiles, quick, attentionBox,
                queueBox, Forms.problem(model.problem()));
        root.setId("home");
    }

    /** An administrator's reminder to make the key-recovery file: shown while it has not been made. */
    private Node recoveryReminder(ShellViewModel shell) {
        Label text = new Label();
        text.setId("recoveryReminder");
        text.setWrapText(true);
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        text.getStyleClass().add("problem");
        text.textProperty().bind(model.recoveryReminder());
        Button now = new Button(context.text("home.recovery.now"));
        now.setId("recoveryNow");
        now.setOnAction(e -> shell.open(Page.BACKUPS));
        now.setVisible(shell != null && shell.pages().contains(Page.BACKUPS));
        now.setManaged(now.isVisible());
        Button later = new Button(context.text("home.recovery.later"));
        later.setId("recoveryLater");
        later.setOnAction(e -> model.putOffKeyRecovery());
        VBox box = new VBox(8, text, new HBox(10, now, later));
        box.visibleProperty().bind(model.recoveryReminder().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private java.time.format.DateTimeFormatter when() {
        return java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.SHORT)
                .withLocale(context.localeProperty().get()).withZone(java.time.ZoneId.systemDefault());
    }

    /** The enrollments waiting for the backend: shown only while there are some. */
    private Node queueBox(ShellViewModel shell) {
        Label note = new Label();
        note.setId("queueNote");
        note.setWrapText(true);
        note.textProperty().bind(model.queueNote());
        Label round = new Label();
        round.setId("queueRound");
        round.setWrapText(true);
        round.textProperty().bind(model.roundNote());
        round.visibleProperty().bind(model.roundNote().isNotEmpty());
        round.managedProperty().bind(round.visibleProperty());
        TableView<QueuedEnrollment> table = new TableView<>(model.queue());
        table.setId("enrollmentQueue");
        TableColumn<QueuedEnrollment, String> band = new TableColumn<>(context.text("customers.col.band"));
        band.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().bandSerial()));
        TableColumn<QueuedEnrollment, String> at = new TableColumn<>(context.text("home.queue.col.queuedAt"));
        at.setCellValueFactory(c -> new ReadOnlyStringWrapper(when().format(c.getValue().queuedAt())));
        TableColumn<QueuedEnrollment, String> by = new TableColumn<>(context.text("home.queue.col.queuedBy"));
        by.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().queuedBy()));
        TableColumn<QueuedEnrollment, String> state = new TableColumn<>(context.text("home.queue.col.state"));
        state.setCellValueFactory(c -> new ReadOnlyStringWrapper(model.state(c.getValue())));
        TableColumn<QueuedEnrollment, String> last = new TableColumn<>(context.text("home.queue.col.lastTry"));
        last.setCellValueFactory(c -> new ReadOnlyStringWrapper(model.lastTry(c.getValue())));
        table.getColumns().add(band);
        table.getColumns().add(at);
        table.getColumns().add(by);
        table.getColumns().add(state);
        table.getColumns().add(last);
        java.util.List.of(band, at, by).forEach(Tables::wholeValues);
        Tables.wrapping(state);
        Tables.wrapping(last);
        Tables.wholeHeaders(table);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(160);
        Button bindNow = new Button(context.text("home.queue.bindNow"));
        bindNow.setId("bindQueued");
        bindNow.disableProperty().bind(model.busy());
        bindNow.setOnAction(e -> model.finishQueue());
        Button remove = new Button(context.text("home.queue.remove"));
        remove.setId("removeQueued");
        var chosen = table.getSelectionModel().selectedItemProperty();
        // a bound entry is not removed: it stays until its band is seen to pay
        remove.disableProperty().bind(model.busy().or(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> chosen.get() == null || chosen.get().state() == QueuedEnrollment.State.DONE, chosen)));
        remove.setOnAction(e -> model.removeQueued(table.getSelectionModel().getSelectedItem()));
        HBox buttons = new HBox(10, bindNow, remove);
        if (shell != null && shell.pages().contains(Page.CUSTOMERS)) {
            Button pay = new Button(context.text("home.queue.checkPayment"));
            pay.setId("checkQueuedPayment");
            pay.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> chosen.get() == null || chosen.get().state() != QueuedEnrollment.State.DONE, chosen));
            pay.setOnAction(e -> shell.openCustomerOfBand(chosen.get().bandSerial()));
            buttons.getChildren().add(pay);
        }
        VBox box = new VBox(8, title("home.queue"), note, table, buttons, round);
        box.setId("queueSection");
        box.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.queue())
                .or(model.roundNote().isNotEmpty()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
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
