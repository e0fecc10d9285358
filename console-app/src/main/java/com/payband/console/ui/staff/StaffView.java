package com.payband.console.ui.staff;

import com.payband.console.staff.Role;
import com.payband.console.staff.StaffAccountView;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.Tables;
import com.payband.console.ui.Page;
import com.payband.console.ui.PageView;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The administrator's staff screen: the accounts in a table, the selected one's tools, a new account. */
public final class StaffView implements PageView {

    private final ConsoleContext context;
    private final StaffViewModel model;
    private final TableView<StaffAccountView> table = new TableView<>();
    private final TextField newName = new TextField();
    private final TabPane tabs = new TabPane();
    private final Node root;

    public StaffView(ConsoleContext context) {
        this(context, new StaffViewModel(context));
    }

    public StaffView(ConsoleContext context, StaffViewModel model) {
        this.context = context;
        this.model = model;

        Label intro = new Label(context.text("staff.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add("muted");
        Label notice = new Label();
        notice.setId("staffNotice");
        notice.getStyleClass().add("ok");
        notice.setWrapText(true);
        notice.textProperty().bind(model.notice());
        notice.visibleProperty().bind(notice.textProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        Label problem = Forms.problem(model.problem());
        problem.setId("staffProblem");

        HBox body = new HBox(18, accountsTable(), tools());
        HBox.setHgrow(table, Priority.ALWAYS);
        VBox.setVgrow(body, Priority.ALWAYS);
        root = Forms.page(context.text("page." + Page.STAFF.name()), intro, problem, notice, body);
    }

    private Node accountsTable() {
        table.setId("staffTable");
        table.setItems(model.accounts());
        table.setPlaceholder(new Label(context.text("staff.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("staff.col.name", 130, StaffAccountView::username));
        table.getColumns().add(column("staff.col.roles", 200, a -> model.rolesText(a.roles())));
        table.getColumns().add(column("staff.col.state", 160, model::stateText));
        table.getColumns().add(column("staff.col.lastSignIn", 150, a -> model.lastSignInText(a.lastSignInAt())));
        table.getColumns().forEach(Tables::wholeValues);
        // the roles and the state: as many as an account has, on more lines
        Tables.wrapping(table.getColumns().get(1));
        Tables.wrapping(table.getColumns().get(2));
        Tables.wholeHeaders(table);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != model.selected().get()) {
                model.selected().set(b);
            }
        });
        model.selected().addListener((o, a, b) -> {
            if (b != table.getSelectionModel().getSelectedItem()) {
                if (b == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(b);
                }
            }
        });
        VBox box = new VBox(table);
        VBox.setVgrow(table, Priority.ALWAYS);
        HBox.setHgrow(box, Priority.ALWAYS);
        Button refresh = new Button(context.text("staff.refresh"));
        refresh.setId("staffRefresh");
        refresh.disableProperty().bind(model.busy());
        refresh.setOnAction(e -> model.refresh());
        box.getChildren().add(new HBox(refresh));
        box.setSpacing(8);
        return box;
    }

    private TableColumn<StaffAccountView, String> column(String key, double width,
            Function<StaffAccountView, String> value) {
        TableColumn<StaffAccountView, String> c = new TableColumn<>(context.text(key));
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    /** The selected account's tools and the new-account form, one tab each (no scrolling at the window's size). */
    private Node tools() {
        Tab selectedTab = new Tab(context.text("staff.selected.title"), scrolled(selectedAccount()));
        selectedTab.setId("staffSelectedTab");
        Tab newTab = new Tab(context.text("staff.new.title"), scrolled(newAccount()));
        newTab.setId("staffNewTab");
        tabs.getTabs().addAll(selectedTab, newTab);
        tabs.setId("staffTools");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefWidth(400);
        tabs.setMinWidth(360);
        tabs.getSelectionModel().select(newTab);
        // choosing an account shows what can be done to it
        model.selected().addListener((o, a, b) -> {
            if (b != null) {
                tabs.getSelectionModel().select(selectedTab);
            }
        });
        return tabs;
    }

    private static Node scrolled(Node content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        return scroll;
    }

    private Node selectedAccount() {
        Label name = new Label();
        name.setId("selectedStaffName");
        name.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                model.selected().get() == null ? context.text("staff.selected.none") : model.selected().get().username(),
                model.selected()));

        GridPane form = Forms.grid();
        FlowPane roles = new FlowPane(10, 6);
        for (Role role : model.roles()) {
            CheckBox box = new CheckBox(model.roleText(role));
            box.setId("selectedRole-" + role.name());
            box.selectedProperty().bindBidirectional(model.selectedRole(role));
            roles.getChildren().add(box);
        }
        roles.disableProperty().bind(model.canActOnSelection().not());
        Forms.row(form, context.text("staff.selected.roles"), roles);
        Button saveRoles = new Button(context.text("staff.saveRoles"));
        saveRoles.setId("saveRoles");
        saveRoles.disableProperty().bind(model.canActOnSelection().not());
        saveRoles.setOnAction(e -> model.saveRoles());

        Button disable = new Button(context.text("staff.disable"));
        disable.setId("disableStaff");
        disable.disableProperty().bind(model.canActOnSelection().not().or(model.selectionEnabled().not()));
        disable.setOnAction(e -> confirmDisable());
        Button enable = new Button(context.text("staff.enable"));
        enable.setId("enableStaff");
        enable.disableProperty().bind(model.canActOnSelection().not().or(model.selectionEnabled()));
        enable.setOnAction(e -> model.enable());
        Button unlock = new Button(context.text("staff.unlock"));
        unlock.setId("unlockStaff");
        unlock.disableProperty().bind(model.canActOnSelection().not().or(model.selectionLocked().not()));
        unlock.setOnAction(e -> model.unlock());
        FlowPane accountActions = new FlowPane(8, 8, saveRoles, disable, enable, unlock);

        GridPane reset = Forms.grid();
        PasswordField password = Forms.secret("resetNewPassword", model.replacementPassword());
        Forms.row(reset, context.text("staff.reset.password"), password);
        Forms.row(reset, context.text("staff.reset.repeat"), Forms.secret("resetNewPasswordRepeat", model.replacementPasswordRepeat()));
        Button resetButton = new Button(context.text("staff.reset.submit"));
        resetButton.setId("resetPassword");
        resetButton.disableProperty().bind(model.canActOnSelection().not());
        resetButton.setOnAction(e -> model.resetPassword());
        // Enter in the password fields resets the password (this form's own default button)
        resetButton.defaultButtonProperty().bind(reset.focusWithinProperty());
        Label resetExplained = new Label(context.text("staff.reset.explained"));
        resetExplained.setWrapText(true);
        resetExplained.getStyleClass().add("muted");
        reset.disableProperty().bind(model.canActOnSelection().not());

        name.getStyleClass().add("section-title");
        VBox box = new VBox(10, name, form, accountActions, reset, resetExplained, resetButton);
        box.setPadding(new Insets(14));
        return box;
    }

    private Node newAccount() {
        GridPane form = Forms.grid();
        newName.setId("newStaffName");
        newName.textProperty().bindBidirectional(model.newName());
        Forms.row(form, context.text("staff.new.name"), newName);
        FlowPane roles = new FlowPane(10, 6);
        for (Role role : model.roles()) {
            CheckBox box = new CheckBox(model.roleText(role));
            box.setId("newStaffRole-" + role.name());
            box.selectedProperty().bindBidirectional(model.newRole(role));
            roles.getChildren().add(box);
        }
        Forms.row(form, context.text("staff.new.roles"), roles);
        Forms.row(form, context.text("staff.new.password"), Forms.secret("newStaffPassword", model.newPassword()));
        Forms.row(form, context.text("staff.new.repeat"), Forms.secret("newStaffPasswordRepeat", model.newPasswordRepeat()));
        Label explained = new Label(context.text("staff.new.explained"));
        explained.setWrapText(true);
        explained.getStyleClass().add("muted");
        Button create = Forms.primary(context.text("staff.new.submit"));
        create.setId("createStaff");
        create.disableProperty().bind(model.busy());
        create.setOnAction(e -> model.create());
        VBox box = new VBox(10, form, explained, create);
        box.setPadding(new Insets(14));
        // Enter anywhere in this form creates the account; elsewhere on the page it does not
        create.defaultButtonProperty().bind(box.focusWithinProperty());
        return box;
    }

    private void confirmDisable() {
        if (Forms.confirm(root, model.confirmDisableTitle(), model.confirmDisableText(),
                context.text("staff.confirmDisable.ok"), context.text("staff.cancel"), "confirmDisable")) {
            model.disable();
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activate() {
        model.refresh();
    }

    @Override
    public void focus() {
        com.payband.console.ui.Scrolling.focusWhenShown(table); // inside a scroll pane: see there
    }

    public StaffViewModel model() {
        return model;
    }
}
