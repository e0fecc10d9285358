package com.payband.console.ui.customers;

import com.payband.console.audit.AuditEvent;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingTransition;
import com.payband.console.binding.ReasonCode;
import com.payband.console.customer.CustomerMatch;
import com.payband.console.customer.Identity;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.Tables;
import com.payband.console.ui.Page;
import com.payband.console.ui.PageView;
import com.payband.console.ui.customers.CustomersViewModel.SearchBy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Search, results, and the chosen customer's bindings, history and audit trail. */
public final class CustomersView implements PageView {

    private final ConsoleContext context;
    private final CustomersViewModel model;
    private final VBox root;
    private final TextField query = new TextField();
    private final VBox identityBox = new VBox(6);
    private final DateTimeFormatter times;

    public CustomersView(ConsoleContext context) {
        this(context, new CustomersViewModel(context));
    }

    /** The page in the shell: it opens the customer of a band when another page asks (the home screen's queue). */
    public CustomersView(ConsoleContext context, com.payband.console.ui.shell.ShellViewModel shell) {
        this(context, new CustomersViewModel(context));
        if (shell != null) {
            shell.customerBandAsked().addListener((o, a, b) -> findAsked(shell));
            findAsked(shell);
        }
    }

    private void findAsked(com.payband.console.ui.shell.ShellViewModel shell) {
        String serial = shell.customerBandAsked().get();
        if (serial != null) {
            shell.customerBandAsked().set(null);
            model.findByBand(serial);
        }
    }

    public CustomersView(ConsoleContext context, CustomersViewModel model) {
        this.context = context;
        this.model = model;
        this.times = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(context.localeProperty().get())
                .withZone(ZoneId.systemDefault());
        DateTimeFormatter day = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(context.localeProperty().get())
                .withZone(ZoneId.systemDefault());

        ComboBox<SearchBy> by = new ComboBox<>();
        by.setId("searchBy");
        by.getItems().setAll(SearchBy.values());
        by.valueProperty().bindBidirectional(model.searchBy());
        by.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SearchBy item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : context.text("customers.by." + item.name()));
            }
        });
        by.setButtonCell(by.getCellFactory().call(null));
        query.setId("customerQuery");
        query.textProperty().bindBidirectional(model.query());
        query.setOnAction(e -> model.search());
        query.promptTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> context.text("customers.prompt." + model.searchBy().get().name()), model.searchBy()));
        HBox.setHgrow(query, Priority.ALWAYS);
        Button search = Forms.primary(context.text("customers.search"));
        search.defaultButtonProperty().bind(model.confirming().isNull()); // Enter confirms a report while one is asked
        search.setId("customerSearch");
        search.disableProperty().bind(model.busy());
        search.setOnAction(e -> model.search());
        HBox bar = new HBox(10, by, query, search);
        bar.setAlignment(Pos.CENTER_LEFT);

        TableView<CustomerMatch> results = new TableView<>(model.results());
        results.setId("customerResults");
        results.setPlaceholder(new Label(context.text("customers.placeholder")));
        results.getColumns().add(column(context.text("customers.col.name"), CustomerMatch::maskedName));
        // the document's kind over its masked number: two lines, so that the narrow pane keeps every column in sight
        results.getColumns().add(column(context.text("customers.col.type"), m -> context.text("documentType."
                + m.documentType().name()) + "\n" + m.maskedDocumentNumber()));
        results.getColumns().add(column(context.text("customers.col.registered"), m -> m.registeredAt() == null ? ""
                : day.format(m.registeredAt())));
        results.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        results.getColumns().forEach(Tables::wrapping); // a narrow pane: names, numbers and dates on more lines
        Tables.wholeHeaders(results);
        results.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> model.selected().set(b));
        model.selected().addListener((o, a, b) -> {
            if (b != null && results.getSelectionModel().getSelectedItem() != b) {
                results.getSelectionModel().select(b);
            }
        });
        Label note = new Label();
        note.setId("customerResultNote");
        note.textProperty().bind(model.resultNote());
        VBox left = new VBox(8, results, note);
        VBox.setVgrow(results, Priority.ALWAYS);

        SplitPane split = new SplitPane(left, detail());
        split.setDividerPositions(0.36);
        VBox.setVgrow(split, Priority.ALWAYS);
        root = Forms.page(context.text("page." + Page.CUSTOMERS.name()), bar, Forms.problem(model.problem()), split);
        model.revealed().addListener((o, a, b) -> showIdentity());
        model.selected().addListener((o, a, b) -> showIdentity());
    }

    /** Said only when the issuer could not be asked for what other consoles recorded. */
    private Node historyNote() {
        Label note = new Label();
        note.setId("bindingHistoryNote");
        note.setWrapText(true);
        note.textProperty().bind(model.historyNote());
        note.visibleProperty().bind(model.historyNote().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        return note;
    }

    private Node detail() {
        TableView<Binding> bindings = new TableView<>(model.bindings());
        bindings.setId("customerBindings");
        bindings.setPlaceholder(new Label(context.text("customers.bindings.none")));
        bindings.getColumns().add(column(context.text("customers.col.band"), Binding::bandSerial));
        TableColumn<Binding, String> state = column(context.text("customers.col.state"), b -> b.paymentCheckDue()
                ? context.text("customers.state.paymentDue", context.text("bindingState." + b.state().name()))
                : context.text("bindingState." + b.state().name()));
        Tables.wrapping(state); // "Active, payment not checked" on two lines in the narrow pane
        bindings.getColumns().add(state);
        // the phone the band obeys: its key's whole fingerprint as the customer's app shows it (with the cell's padding)
        TableColumn<Binding, String> phone = column(context.text("customers.col.phone"), b -> b.phoneFingerprint()
                .map(com.payband.band.protocol.PhoneFingerprint::shortForm).orElse(""));
        double fingerprintWidth = new javafx.scene.text.Text("DDDD DDDD DDDD DDDD").getLayoutBounds().getWidth() + 24;
        phone.setMinWidth(fingerprintWidth);
        phone.setMaxWidth(fingerprintWidth);
        bindings.getColumns().add(phone);
        TableColumn<Binding, String> since = column(context.text("customers.col.since"), b -> time(b.createdAt()));
        // a whole date and time (the longest of the day's times in this language)
        since.setMinWidth(new javafx.scene.text.Text(time(java.time.Instant.parse("2026-12-28T22:58:00Z")))
                .getLayoutBounds().getWidth() + 24);
        bindings.getColumns().add(since);
        bindings.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.wholeHeaders(bindings);
        bindings.setPrefHeight(170);
        bindings.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.selectedBinding().set(b);
            }
        });
        model.selectedBinding().addListener((o, a, b) -> {
            if (b != null && bindings.getSelectionModel().getSelectedItem() != b) {
                bindings.getSelectionModel().select(b);
            }
        });
        TableView<CustomersViewModel.HistoryRow> history = new TableView<>(model.history());
        history.setId("bindingHistory");
        history.setPlaceholder(new Label(""));
        history.getColumns().add(column(context.text("customers.col.when"), e -> time(e.at())));
        history.getColumns().add(column(context.text("customers.col.change"), CustomersViewModel.HistoryRow::change));
        history.getColumns().add(column(context.text("customers.col.reason"), CustomersViewModel.HistoryRow::reason));
        history.getColumns().add(column(context.text("customers.col.staff"), CustomersViewModel.HistoryRow::staff));
        history.getColumns().add(column(context.text("customers.col.console"), CustomersViewModel.HistoryRow::console));
        history.getColumns().add(column(context.text("customers.col.note"), CustomersViewModel.HistoryRow::note));
        // a narrow pane: every cell shows all of its text, on as many lines as it takes
        history.getColumns().forEach(Tables::wrapping);
        Tables.wholeHeaders(history);
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.setPrefHeight(220);
        VBox box = new VBox(10, identityBox, section("customers.bindings"), bindings, paymentCheck(), reports(),
                section("customers.history"), history, historyNote());
        if (model.mayViewAudit()) {
            TableView<AuditEvent> audit = new TableView<>(model.audit());
            audit.setId("customerAudit");
            audit.getColumns().add(column(context.text("customers.col.when"), e -> time(e.at())));
            audit.getColumns().add(column(context.text("customers.col.staff"), AuditEvent::actorName));
            audit.getColumns().add(column(context.text("customers.col.action"), e -> context.text("auditAction." + e.action().name())));
            audit.getColumns().add(column(context.text("customers.col.outcome"), e -> e.outcome().name()));
            audit.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            audit.getColumns().forEach(Tables::wholeValues);
            Tables.wholeHeaders(audit);
            audit.setPrefHeight(160);
            box.getChildren().addAll(section("customers.audit"), audit);
        }
        box.setPadding(new javafx.geometry.Insets(0, 0, 0, 12));
        return box;
    }

    /**
     * A payment check of the selected active band: above all for a band bound from the queue after the customer left,
     * which nobody has seen pay; the customer shows a payment code from their phone, the scanner types it here.
     */
    private Node paymentCheck() {
        Label due = new Label(context.text("customers.payment.due"));
        due.setId("paymentCheckDue");
        due.getStyleClass().add("warn");
        due.setWrapText(true);
        due.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // all its lines, never cut
        due.visibleProperty().bind(model.paymentCheckDue());
        due.managedProperty().bind(due.visibleProperty());
        TextField code = new TextField();
        code.setId("bindingPaymentCode");
        code.setPromptText(context.text("enroll.verify.prompt"));
        code.textProperty().bindBidirectional(model.paymentCode());
        code.setOnAction(e -> model.checkPayment());
        HBox.setHgrow(code, Priority.ALWAYS);
        Button check = new Button(context.text("enroll.verify.button"));
        check.setId("checkBindingPayment");
        check.disableProperty().bind(model.busy().or(model.paymentCode().isEmpty()));
        check.setOnAction(e -> model.checkPayment());
        HBox row = new HBox(10, code, check);
        row.setAlignment(Pos.CENTER_LEFT);
        Label accepted = new Label();
        accepted.setId("bindingPaymentNote");
        accepted.getStyleClass().add("ok");
        accepted.setWrapText(true);
        accepted.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        accepted.textProperty().bind(model.paymentNote());
        accepted.visibleProperty().bind(model.paymentNote().isNotEmpty());
        accepted.managedProperty().bind(accepted.visibleProperty());
        VBox box = new VBox(8, due);
        if (context.simulated()) {
            Button customer = new Button(context.text("customers.payment.simulate"));
            customer.setId("simulateCustomerPays");
            customer.setWrapText(true);
            customer.disableProperty().bind(model.busy());
            customer.setOnAction(e -> model.simulateCustomerPays());
            box.getChildren().add(customer);
        }
        box.getChildren().addAll(row, accepted);
        box.setId("paymentCheck");
        box.visibleProperty().bind(model.paymentCheckOffered());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /**
     * "My band was lost / stolen": each report asks for a confirmation that says what it does, then says where it is
     * in force (here at once; in other stores once the backend has it).
     */
    private Node reports() {
        HBox buttons = new HBox(10);
        for (ReasonCode reason : new ReasonCode[] {ReasonCode.LOST, ReasonCode.STOLEN}) {
            if (!model.mayReport(reason)) {
                continue;
            }
            Button report = new Button(context.text("customers.report." + reason.name()));
            report.setId("report" + reason.name());
            report.disableProperty().bind(model.reportAllowed(reason).not());
            report.setOnAction(e -> model.askToReport(reason));
            buttons.getChildren().add(report);
        }
        // the other deactivations: one button, the reason chosen in the confirmation
        ComboBox<ReasonCode> why = new ComboBox<>();
        why.setId("deactivateReason");
        why.getItems().setAll(CustomersViewModel.DEACTIVATIONS);
        why.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ReasonCode item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : context.text("reason." + item.name()));
            }
        });
        why.setButtonCell(why.getCellFactory().call(null));
        if (model.mayReport(ReasonCode.CUSTOMER_REQUEST)) {
            Button deactivate = new Button(context.text("customers.report.DEACTIVATE"));
            deactivate.setId("reportDEACTIVATE");
            deactivate.disableProperty().bind(model.reportAllowed(ReasonCode.CUSTOMER_REQUEST).not());
            deactivate.setOnAction(e -> model.askToReport(ReasonCode.CUSTOMER_REQUEST));
            buttons.getChildren().add(deactivate);
        }
        why.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.confirming().get() != null && CustomersViewModel.DEACTIVATIONS.contains(model.confirming().get()),
                model.confirming()));
        why.managedProperty().bind(why.visibleProperty());
        model.confirming().addListener((o, a, b) -> {
            if (b != null && CustomersViewModel.DEACTIVATIONS.contains(b) && why.getValue() != b) {
                why.setValue(b);
            }
        });
        why.valueProperty().addListener((o, a, b) -> {
            ReasonCode asked = model.confirming().get();
            if (b != null && asked != null && CustomersViewModel.DEACTIVATIONS.contains(asked)) {
                model.confirming().set(b);
            }
        });
        TextField text = new TextField();
        text.setId("reportText");
        text.setPromptText(context.text("customers.report.text"));
        text.textProperty().bindBidirectional(model.reportText());
        text.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                change.getControlNewText().length() <= com.payband.console.lifecycle.LifecycleService.NOTE_MAX_LENGTH
                        ? change : null));
        Label question = new Label();
        question.setId("reportQuestion");
        question.setWrapText(true);
        question.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.confirming().get() == null
                ? "" : context.text("customers.report.confirm." + model.confirming().get().name()), model.confirming()));
        Button confirm = Forms.primary(context.text("customers.report.confirm"));
        confirm.setId("confirmReport");
        confirm.disableProperty().bind(model.busy());
        confirm.setOnAction(e -> model.confirmReport());
        Button cancel = new Button(context.text("customers.report.cancel"));
        cancel.setId("cancelReport");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> model.cancelReport());
        VBox ask = new VBox(8, why, question, text, new HBox(10, confirm, cancel));
        ask.getStyleClass().add("confirm-box");
        ask.visibleProperty().bind(model.confirming().isNotNull());
        ask.managedProperty().bind(ask.visibleProperty());
        // only the confirmation's button is the default while it is asked
        confirm.defaultButtonProperty().bind(ask.visibleProperty());
        confirm.visibleProperty().bind(ask.visibleProperty());
        cancel.visibleProperty().bind(ask.visibleProperty());
        Label note = new Label();
        note.setId("reportNote");
        note.setWrapText(true);
        note.textProperty().bind(model.reportNote());
        note.visibleProperty().bind(model.reportNote().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        Button save = new Button(context.text("customers.receipt.save"));
        save.setId("saveReportReceipt");
        save.setOnAction(e -> com.payband.console.ui.ReceiptDesk.chooseFile(context, root.getScene().getWindow(),
                model.reportReceiptFileName(), model::saveReportReceipt));
        Button print = new Button(context.text("customers.receipt.print"));
        print.setId("printReportReceipt");
        print.setOnAction(e -> model.printReportReceipt());
        Label receiptNote = new Label();
        receiptNote.setId("reportReceiptNote");
        receiptNote.textProperty().bind(model.receiptNote());
        HBox receipt = new HBox(10, save, print, receiptNote);
        receipt.setAlignment(Pos.CENTER_LEFT);
        receipt.visibleProperty().bind(model.receiptReady());
        receipt.managedProperty().bind(receipt.visibleProperty());
        VBox box = new VBox(8, buttons, ask, note, receipt);
        box.setVisible(!buttons.getChildren().isEmpty());
        box.setManaged(box.isVisible());
        return box;
    }

    private Label section(String key) {
        Label l = new Label(context.text(key));
        l.getStyleClass().add("section-title");
        return l;
    }

    private void showIdentity() {
        identityBox.getChildren().clear();
        CustomerMatch match = model.selected().get();
        if (match == null) {
            return;
        }
        Label name = new Label(match.maskedName());
        name.setId("customerName");
        name.getStyleClass().add("page-title");
        HBox head = new HBox(12, name);
        head.setAlignment(Pos.CENTER_LEFT);
        if (match.simulated()) {
            Label sim = new Label(context.text("simulator.badge"));
            sim.getStyleClass().add("simulator-badge");
            head.getChildren().add(sim);
        }
        Identity identity = model.revealed().get();
        if (model.mayReveal()) {
            Button toggle = new Button(context.text(identity == null ? "customers.reveal" : "customers.hide"));
            toggle.setId("revealCustomer");
            toggle.setOnAction(e -> {
                if (model.revealed().get() == null) {
                    model.reveal();
                } else {
                    model.hide();
                }
            });
            head.getChildren().add(toggle);
        }
        identityBox.getChildren().add(head);
        if (identity != null) {
            GridPane grid = Forms.grid();
            grid.setId("revealedIdentity");
            Forms.row(grid, context.text("enroll.id.name"), new Label(identity.fullName()));
            Forms.row(grid, context.text("enroll.id.number"), new Label(identity.documentNumber()));
            Forms.row(grid, context.text("enroll.id.birth"), new Label(identity.birthDate().toString()));
            identity.address().ifPresent(a -> Forms.row(grid, context.text("customers.address"), new Label(a)));
            Label audited = new Label(context.text("customers.revealAudited"));
            audited.getStyleClass().add("muted");
            identityBox.getChildren().addAll(grid, audited);
        } else {
            Label number = new Label(match.maskedDocumentNumber());
            identityBox.getChildren().add(number);
        }
    }

    private String time(Instant instant) {
        return instant == null ? "" : times.format(instant);
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void focus() {
        query.requestFocus();
    }

    @Override
    public void conceal() {
        model.hide();
    }

    public CustomersViewModel model() {
        return model;
    }
}
