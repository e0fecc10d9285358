package com.payband.console.ui.settings;

import com.payband.console.settings.Setting;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.Page;
import com.payband.console.ui.PageView;
import com.payband.console.ui.shell.LanguageChoice;
import java.util.Locale;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Settings: language, theme and devices of this workstation; the store's settings for administrators. */
public final class SettingsView implements PageView {

    private final ConsoleContext context;
    private final SettingsViewModel model;
    private final ReadersViewModel readers;
    private final RadioViewModel radios;
    private final BackendSettingsViewModel backend;
    private ComboBox<Locale> language;
    private final Node root;

    public SettingsView(ConsoleContext context) {
        this(context, new SettingsViewModel(context));
    }

    public SettingsView(ConsoleContext context, SettingsViewModel model) {
        this.readers = new ReadersViewModel(context);
        this.radios = new RadioViewModel(context);
        this.backend = new BackendSettingsViewModel(context);
        this.context = context;
        this.model = model;
        VBox content = Forms.page(context.text("page." + Page.SETTINGS.name()), workstation(), devices(), store(), backend());
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        // the page is taller than a small screen: a field reached with Tab scrolls into view
        com.payband.console.ui.Scrolling.followFocus(scroll);
        root = scroll;
    }

    private Node workstation() {
        GridPane form = Forms.grid();
        language = LanguageChoice.create(context);
        Forms.row(form, context.text("settings.language"), language);
        ComboBox<ConsoleContext.Theme> theme = choice(model::themeText);
        theme.setId("theme");
        theme.getItems().setAll(ConsoleContext.Theme.values());
        theme.setValue(model.theme().get());
        theme.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != model.theme().get()) {
                model.theme().set(b);
            }
        });
        model.theme().addListener((o, a, b) -> theme.setValue(b));
        Forms.row(form, context.text("settings.theme"), theme);
        Label folder = new Label(context.folder().path().toString());
        folder.setId("dataFolder");
        folder.setWrapText(true); // a deep path takes two lines rather than losing its end
        Forms.row(form, context.text("settings.dataFolder"), folder);
        return section("settings.workstation.title", form);
    }

    private Node devices() {
        GridPane form = Forms.grid();
        Forms.row(form, context.text("settings.reader"), readerList());
        Label state = new Label();
        state.setId("readerState");
        state.textProperty().bind(model.readerStateText());
        Forms.row(form, context.text("settings.reader.state"), state);
        ComboBox<com.payband.console.bands.BandTransport.Kind> radio = choice(radios::kindText);
        radio.setId("bandRadio");
        radio.getItems().setAll(com.payband.console.bands.BandTransport.Kind.values());
        radio.valueProperty().bindBidirectional(radios.kind());
        Forms.row(form, context.text("settings.radio"), radio);
        TextField adapter = new TextField();
        adapter.setId("bleAdapter");
        adapter.setPrefColumnCount(18);
        adapter.setMaxWidth(220);
        adapter.setPromptText(context.text("settings.radio.adapter.prompt"));
        adapter.textProperty().bindBidirectional(radios.adapter());
        adapter.disableProperty().bind(radios.kind().isNotEqualTo(com.payband.console.bands.BandTransport.Kind.TINYB));
        Forms.row(form, context.text("settings.radio.adapter"), adapter);
        Button use = new Button(context.text("settings.radio.use"));
        use.setId("useRadio");
        use.setMnemonicParsing(true);
        use.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the notice beside it wraps, the button does not shrink
        use.disableProperty().bind(radios.busy());
        use.setOnAction(e -> radios.use());
        Label radioNotice = new Label();
        radioNotice.setId("radioNotice");
        radioNotice.getStyleClass().add("ok");
        radioNotice.setWrapText(true);
        radioNotice.textProperty().bind(radios.notice());
        javafx.scene.layout.HBox useRow = new javafx.scene.layout.HBox(10, use, radioNotice);
        useRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Forms.row(form, "", useRow);
        Label radioState = new Label();
        radioState.setId("radioState");
        radioState.setWrapText(true);
        radioState.textProperty().bind(radios.status());
        Forms.row(form, context.text("settings.radio.state"), radioState);
        Label radioProblem = Forms.problem(radios.problem());
        radioProblem.setId("radioProblem");
        Label note = new Label(context.text("settings.devices.note"));
        note.setId("devicesNote");
        note.setWrapText(true);
        note.getStyleClass().add("muted");
        return section("settings.devices.title", form, radioProblem, note);
    }

    /** The readers found, with their status; "Use this reader" switches the wizard to it. */
    private Node readerList() {
        javafx.scene.control.TableView<ReadersViewModel.ReaderRow> table = new javafx.scene.control.TableView<>(readers.rows());
        table.setId("readerList");
        table.setPrefHeight(150);
        table.setPlaceholder(new Label(context.text("readers.looking")));
        table.getColumns().add(column(context.text("readers.col.reader"), ReadersViewModel.ReaderRow::name));
        table.getColumns().add(column(context.text("readers.col.status"), r -> (r.inUse() ? "● " : "") + r.status()));
        table.setColumnResizePolicy(javafx.scene.control.TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().forEach(com.payband.console.ui.Tables::wrapping);
        com.payband.console.ui.Tables.wholeHeaders(table);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> readers.selected().set(b));
        Button use = new Button(context.text("readers.use"));
        use.setId("useReader");
        use.setOnAction(e -> readers.useSelected());
        use.disableProperty().bind(readers.selected().isNull());
        Button again = new Button(context.text("readers.rescan"));
        again.setId("rescanReaders");
        again.disableProperty().bind(readers.scanning());
        javafx.scene.control.ProgressIndicator scanning = new javafx.scene.control.ProgressIndicator();
        scanning.setPrefSize(18, 18);
        scanning.visibleProperty().bind(readers.scanning());
        again.setOnAction(e -> readers.rescan());
        Label notice = new Label();
        notice.setId("readerNotice");
        notice.getStyleClass().add("ok");
        notice.textProperty().bind(readers.notice());
        Label problem = Forms.problem(readers.problem());
        Label health = new Label();
        health.setId("pcscHealth");
        health.getStyleClass().add("muted");
        health.textProperty().bind(readers.pcscHealth());
        javafx.scene.layout.HBox buttons = new javafx.scene.layout.HBox(10, use, again, scanning, notice);
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return new javafx.scene.layout.VBox(8, table, buttons, health, problem);
    }

    private static javafx.scene.control.TableColumn<ReadersViewModel.ReaderRow, String> column(String title,
            java.util.function.Function<ReadersViewModel.ReaderRow, String> value) {
        javafx.scene.control.TableColumn<ReadersViewModel.ReaderRow, String> c = new javafx.scene.control.TableColumn<>(title);
        c.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    /** Where this console syncs and binds; an administrator registers it with the backend's one-time code. */
    private Node backend() {
        Label status = new Label();
        status.setId("backendStatus");
        status.setWrapText(true);
        status.textProperty().bind(backend.status());
        if (!backend.mayRegister()) {
            Label readOnly = new Label(context.text("settings.backend.readOnly"));
            readOnly.setWrapText(true);
            readOnly.getStyleClass().add("muted");
            return section("settings.backend.title", status, readOnly);
        }
        GridPane form = Forms.grid();
        Forms.row(form, context.text("settings.backend.url"), wideField("backendUrl", backend.url()));
        Forms.row(form, context.text("settings.backend.code"), wideField("registrationCode", backend.code()));
        Label note = new Label(context.text("settings.backend.note"));
        note.setWrapText(true);
        note.getStyleClass().add("muted");
        Button register = new Button();
        register.textProperty().bind(javafx.beans.binding.Bindings.when(backend.registered())
                .then(context.text("settings.backend.replace")).otherwise(context.text("settings.backend.register")));
        register.setId("registerBackend");
        register.setMnemonicParsing(true);
        register.disableProperty().bind(backend.busy());
        register.setOnAction(e -> backend.replacing().ifPresentOrElse(this::confirmReplace, () -> backend.register(false)));
        backend.keepUnsentQuestion().addListener((o, was, question) -> {
            if (question != null) {
                // asked after the event that set it, not inside the property's notification
                javafx.application.Platform.runLater(() -> confirmKeepUnsent(question));
            }
        });
        javafx.scene.control.ProgressIndicator working = new javafx.scene.control.ProgressIndicator();
        working.setPrefSize(18, 18);
        working.visibleProperty().bind(backend.busy());
        Label notice = new Label();
        notice.setId("backendNotice");
        notice.getStyleClass().add("ok");
        notice.setWrapText(true);
        notice.textProperty().bind(backend.notice());
        Label problem = Forms.problem(backend.problem());
        problem.setId("backendProblem");
        javafx.scene.layout.HBox buttons = new javafx.scene.layout.HBox(10, register, working);
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Node section = section("settings.backend.title", status, form, note, buttons, notice, problem);
        // Enter in the address or the code registers; elsewhere on the page it does not
        register.defaultButtonProperty().bind(section.focusWithinProperty());
        return section;
    }

    /** A registration replaced leaves the bindings made so far with the old backend: said, and confirmed first. */
    private void confirmReplace(String text) {
        if (Forms.confirm(root, context.text("settings.backend.confirmReplace.title"), text,
                context.text("settings.backend.confirmReplace.ok"), context.text("staff.cancel"),
                "confirmReplaceBackend")) {
            backend.register(true);
        }
    }

    /** The backend being replaced did not take what waits for it: kept here only, if the administrator says so. */
    private void confirmKeepUnsent(String text) {
        if (Forms.confirm(root, context.text("settings.backend.keepUnsent.title"), text,
                context.text("settings.backend.keepUnsent.ok"), context.text("staff.cancel"), "confirmKeepUnsent")) {
            backend.register(true, true);
        }
    }

    private static TextField wideField(String id, javafx.beans.property.StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(30);
        f.setMaxWidth(420);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private Node store() {
        boolean may = model.mayChange();
        GridPane form = Forms.grid();
        TextField idle = field("idleLockMinutes", Setting.IDLE_LOCK_MINUTES, may);
        Forms.row(form, context.text("settings.idleLock"), idle);
        TextField age = field("minimumAge", Setting.MINIMUM_AGE, may);
        Forms.row(form, context.text("settings.minimumAge"), age);
        javafx.scene.control.CheckBox unchecked = new javafx.scene.control.CheckBox(context.text("settings.uncheckedPassports"));
        unchecked.setId("acceptUncheckedPassports");
        unchecked.setWrapText(true);
        unchecked.setDisable(!may);
        unchecked.setTooltip(new Tooltip(model.settingText(Setting.UNCHECKED_PASSPORTS)));
        unchecked.setSelected(model.acceptsUncheckedPassports());
        model.value(Setting.UNCHECKED_PASSPORTS).addListener((o, a, b) -> unchecked.setSelected(model.acceptsUncheckedPassports()));
        unchecked.selectedProperty().addListener((o, a, b) -> model.acceptUncheckedPassports(b));
        Forms.row(form, context.text("settings.passports"), unchecked);
        TextField name = field("storeName", Setting.STORE_NAME, may);
        name.setPrefColumnCount(30);
        name.setMaxWidth(420);
        Forms.row(form, context.text("settings.storeName"), name);
        TextField address = field("storeAddress", Setting.STORE_ADDRESS, may);
        address.setPrefColumnCount(40);
        address.setMaxWidth(560);
        Forms.row(form, context.text("settings.storeAddress"), address);
        Label problem = Forms.problem(model.problem());
        problem.setId("settingsProblem");
        Label notice = new Label();
        notice.setId("settingsNotice");
        notice.getStyleClass().add("ok");
        notice.setWrapText(true);
        notice.textProperty().bind(model.notice());
        notice.visibleProperty().bind(notice.textProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        if (!may) {
            Label readOnly = new Label(context.text("settings.store.readOnly"));
            readOnly.setId("settingsReadOnly");
            readOnly.setWrapText(true);
            readOnly.getStyleClass().add("muted");
            return section("settings.store.title", readOnly, form, problem);
        }
        Button save = Forms.primary(context.text("settings.save"));
        save.setId("saveSettings");
        save.disableProperty().bind(model.busy());
        save.setOnAction(e -> model.save());
        Node section = section("settings.store.title", form, problem, notice, save);
        // Enter in the store's settings saves them; elsewhere on the page it does not
        save.defaultButtonProperty().bind(section.focusWithinProperty());
        return section;
    }

    private TextField field(String id, Setting setting, boolean editable) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(6);
        f.setMaxWidth(120);
        f.setEditable(editable);
        f.setTooltip(new Tooltip(model.settingText(setting)));
        f.textProperty().bindBidirectional(model.value(setting));
        if (!editable) {
            f.getStyleClass().add("read-only");
        }
        return f;
    }

    private <T> ComboBox<T> choice(Function<T, String> words) {
        ComboBox<T> box = new ComboBox<>();
        box.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : words.apply(item));
            }
        });
        box.setButtonCell(box.getCellFactory().call(null));
        return box;
    }

    private Node section(String titleKey, Node... content) {
        Label title = new Label(context.text(titleKey));
        title.getStyleClass().add("section-title");
        VBox box = new VBox(10, title);
        box.getChildren().addAll(content);
        box.getStyleClass().add("card");
        box.setMaxWidth(720);
        return box;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activate() {
        model.activate();
        readers.activate();
        backend.refresh();
    }

    @Override
    public void deactivate() {
        model.deactivate();
        readers.deactivate();
    }

    /** The screen locks: a one-time code typed and not yet used is not left behind it. */
    @Override
    public void conceal() {
        backend.code().set("");
    }

    @Override
    public void focus() {
        com.payband.console.ui.Scrolling.focusWhenShown(language); // inside a scroll pane: see there
    }

    public SettingsViewModel model() {
        return model;
    }

    public RadioViewModel radioModel() {
        return radios;
    }

    public BackendSettingsViewModel backendModel() {
        return backend;
    }
}
