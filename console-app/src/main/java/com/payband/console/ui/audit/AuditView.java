package com.payband.console.ui.audit;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.Tables;
import com.payband.console.ui.Page;
import com.payband.console.ui.PageView;
import java.io.File;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The audit trail: filters, the newest matching events, the chain's check and the CSV export. */
public final class AuditView implements PageView {

    private final ConsoleContext context;
    private final AuditViewModel model;
    private final TableView<AuditEvent> table = new TableView<>();
    private final DatePicker from = new DatePicker();
    private final Node root;

    public AuditView(ConsoleContext context) {
        this(context, new AuditViewModel(context));
    }

    public AuditView(ConsoleContext context, AuditViewModel model) {
        this.context = context;
        this.model = model;

        Label intro = new Label(context.text("audit.intro"));
        intro.setWrapText(true);
        intro.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // the table gives way, not the explanation
        intro.getStyleClass().add("muted");
        Label problem = Forms.problem(model.problem());
        problem.setId("auditProblem");
        Label notice = new Label();
        notice.setId("auditNotice");
        notice.getStyleClass().add("ok");
        notice.setWrapText(true);
        notice.textProperty().bind(model.notice());
        notice.visibleProperty().bind(notice.textProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());

        Label summary = new Label();
        summary.setId("auditSummary");
        summary.textProperty().bind(model.summary());
        summary.getStyleClass().add("muted");
        summary.styleProperty().bind(Bindings.when(model.more()).then("-fx-font-weight: bold;").otherwise(""));

        Node events = eventsTable();
        VBox.setVgrow(events, Priority.ALWAYS);
        root = Forms.page(context.text("page." + Page.AUDIT.name()), intro, filters(), problem, notice,
                verification(), summary, events);
    }

    private Node filters() {
        from.setId("auditFrom");
        from.valueProperty().bindBidirectional(model.from());
        from.setPrefWidth(150);
        DatePicker to = new DatePicker();
        to.setId("auditTo");
        to.valueProperty().bindBidirectional(model.to());
        to.setPrefWidth(150);
        TextField staff = new TextField();
        staff.setId("auditStaff");
        staff.setPrefColumnCount(12);
        staff.textProperty().bindBidirectional(model.staffName());
        ComboBox<AuditAction> action = new ComboBox<>();
        action.setId("auditAction");
        action.getItems().setAll(model.actionChoices());
        action.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(AuditAction item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : model.actionText(item));
            }
        });
        // the shown choice: "all actions" when none is chosen (an empty value is not an empty cell here)
        action.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(AuditAction item, boolean empty) {
                super.updateItem(item, empty);
                setText(model.actionText(item));
            }
        });
        action.setValue(model.action().get());
        action.valueProperty().bindBidirectional(model.action());
        action.setVisibleRowCount(14);

        Button search = Forms.primary(context.text("audit.search"));
        search.setId("auditSearch");
        search.disableProperty().bind(model.busy());
        search.setOnAction(e -> model.search());
        Button clear = new Button(context.text("audit.clear"));
        clear.setId("auditClear");
        clear.disableProperty().bind(model.busy());
        clear.setOnAction(e -> model.clearFilters());

        FlowPane row = new FlowPane(14, 10,
                labelled("audit.filter.from", from), labelled("audit.filter.to", to),
                labelled("audit.filter.staff", staff), labelled("audit.filter.action", action), search, clear);
        row.setAlignment(Pos.BOTTOM_LEFT);
        row.setId("auditFilters");
        return row;
    }

    /** A label above its field; the label's mnemonic focuses the field. */
    private Node labelled(String key, Node field) {
        Label label = new Label(context.text(key));
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        return new VBox(4, label, field);
    }

    private Node verification() {
        Button verify = new Button(context.text("audit.verify"));
        verify.setId("auditVerify");
        verify.setDisable(!model.mayVerify());
        if (model.mayVerify()) {
            verify.disableProperty().bind(model.busy());
        }
        verify.setOnAction(e -> model.verify());
        Button export = new Button(context.text("audit.export"));
        export.setId("auditExport");
        export.setDisable(!model.mayExport());
        if (model.mayExport()) {
            export.disableProperty().bind(model.busy());
        }
        export.setOnAction(e -> chooseExportFile());

        Label result = new Label();
        result.setId("auditVerification");
        result.setWrapText(true);
        result.textProperty().bind(model.verification());
        model.tampered().addListener((o, a, b) -> styleResult(result, b));
        styleResult(result, model.tampered().get());
        Label problems = new Label();
        problems.setId("auditVerificationProblems");
        problems.setWrapText(true);
        problems.getStyleClass().add("problem");
        problems.textProperty().bind(Bindings.createStringBinding(
                () -> String.join("\n", model.verificationProblems()), model.verificationProblems()));
        problems.visibleProperty().bind(problems.textProperty().isNotEmpty());
        problems.managedProperty().bind(problems.visibleProperty());

        HBox buttons = new HBox(10, verify, export, result);
        buttons.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(result, Priority.ALWAYS);
        return new VBox(8, buttons, problems);
    }

    /** Intact in green; tampered in red, in the problem style. */
    private static void styleResult(Label result, boolean tampered) {
        result.getStyleClass().removeAll("ok", "problem");
        result.getStyleClass().add(tampered ? "problem" : "ok");
    }

    private void chooseExportFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(context.text("audit.export.title"));
        chooser.setInitialFileName(model.exportFileName());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(context.text("audit.export.filter"), "*.csv"));
        File file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (file != null) {
            model.export(file.toPath());
        }
    }

    private Node eventsTable() {
        table.setId("auditTable");
        table.setItems(model.events());
        table.setPlaceholder(new Label(context.text("audit.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("audit.col.at", 160, e -> model.timeText(e.at())));
        table.getColumns().add(column("audit.col.actor", 110, AuditEvent::actorName));
        table.getColumns().add(column("audit.col.action", 200, e -> model.actionText(e.action())));
        table.getColumns().add(column("audit.col.outcome", 90, e -> model.outcomeText(e.outcome())));
        table.getColumns().forEach(Tables::wholeValues);
        TableColumn<AuditEvent, String> target = column("audit.col.target", 200, model::targetText);
        TableColumn<AuditEvent, String> detail = column("audit.col.reasonDetail", 260, model::reasonText);
        Tables.wrapping(target);
        Tables.wrapping(detail);
        table.getColumns().add(target);
        table.getColumns().add(detail);
        Tables.wholeHeaders(table);
        return table;
    }

    private TableColumn<AuditEvent, String> column(String key, double width, Function<AuditEvent, String> value) {
        TableColumn<AuditEvent, String> c = new TableColumn<>(context.text(key));
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activate() {
        model.search();
    }

    @Override
    public void focus() {
        from.requestFocus();
    }

    public AuditViewModel model() {
        return model;
    }
}
