package com.payband.console.ui.support;

import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.Page;
import com.payband.console.ui.PageView;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The support desk: a band by its serial, what is known of it, the owner's card, found and reset. */
public final class SupportView implements PageView {

    private final ConsoleContext context;
    private final SupportViewModel model;
    private final javafx.scene.control.ScrollPane root;
    private final TextField serial = new TextField();

    public SupportView(ConsoleContext context) {
        this(context, new SupportViewModel(context));
    }

    public SupportView(ConsoleContext context, SupportViewModel model) {
        this.context = context;
        this.model = model;

        serial.setId("supportSerial");
        serial.setPromptText(context.text("support.serial.prompt"));
        serial.textProperty().bindBidirectional(model.serial());
        serial.setOnAction(e -> model.lookUp());
        HBox.setHgrow(serial, Priority.ALWAYS);
        Button lookUp = Forms.primary(context.text("support.lookUp"));
        lookUp.setId("supportLookUp");
        lookUp.disableProperty().bind(model.busy());
        lookUp.setOnAction(e -> model.lookUp());
        HBox bar = new HBox(10, serial, lookUp);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label facts = new Label();
        facts.setId("bandFacts");
        facts.setWrapText(true);
        facts.textProperty().bind(model.facts());
        facts.getStyleClass().add("card");
        facts.visibleProperty().bind(model.facts().isNotEmpty());
        facts.managedProperty().bind(facts.visibleProperty());

        Label result = new Label();
        result.setId("supportResult");
        result.setWrapText(true);
        result.getStyleClass().add("ok");
        result.textProperty().bind(model.result());
        result.visibleProperty().bind(model.result().isNotEmpty());
        result.managedProperty().bind(result.visibleProperty());

        Label problem = Forms.problem(model.problem());
        problem.setId("supportProblem");
        VBox content = new VBox(14, bar, problem, result, receipt(), facts);
        if (model.mayResume() || model.mayReset() || model.mayLinkPhone()) {
            content.getChildren().addAll(section("support.owner"), ownerCard(), section("support.actions"), actions());
        }
        // the desk is taller than a 768-pixel screen: it scrolls rather than squeezing its texts into "…"
        root = new javafx.scene.control.ScrollPane(Forms.page(context.text("page." + Page.SUPPORT.name()), content));
        root.setFitToWidth(true);
        com.payband.console.ui.Scrolling.followFocus(root);
        keepFocusThroughWork();
    }

    /**
     * A button that starts work disables itself while it runs, and JavaFX then moves the keyboard focus on to some
     * other control: when the work ends the focus goes back where the member was (else to the serial field), so that
     * keyboard use goes on where it was.
     */
    private void keepFocusThroughWork() {
        Node[] lastFocused = new Node[1];
        javafx.beans.value.ChangeListener<Node> remember = (o, was, now) -> {
            if (!model.busy().get() && now != null) {
                lastFocused[0] = now;
            }
        };
        root.sceneProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.focusOwnerProperty().removeListener(remember);
            }
            if (now != null) {
                now.focusOwnerProperty().addListener(remember);
            }
        });
        model.busy().addListener((o, was, now) -> {
            if (now || root.getScene() == null) {
                return;
            }
            Node back = lastFocused[0];
            javafx.application.Platform.runLater(() -> {
                Node current = root.getScene() == null ? null : root.getScene().getFocusOwner();
                if (back != null && back.getScene() == root.getScene() && back.isVisible() && !back.isDisabled()) {
                    back.requestFocus();
                } else if (current == null || current.isDisabled() || !current.isVisible()) {
                    serial.requestFocus();
                } // else: the control JavaFX moved on to, next after the one that ran the work
            });
        });
    }

    /** The owner's card, read again at the desk: the simulator's tray, the MRZ for a passport reader, the read. */
    private Node ownerCard() {
        Label help = new Label(context.text("support.owner.help"));
        help.setWrapText(true);
        help.getStyleClass().add("muted");
        Node tray = model.tray().view(new String[] {"supportSampleCard", "supportPlaceCard"}, model.tray()::place, null);
        TextField mrz = new TextField();
        mrz.setId("supportMrz");
        mrz.setPromptText(context.text("mrz.label").replace("_", ""));
        mrz.textProperty().bindBidirectional(model.mrz());
        mrz.visibleProperty().bind(Bindings.createBooleanBinding(() -> context.readerProperty().get() != null
                && context.readerProperty().get().info().kind() == com.payband.drivers.idcard.ReaderKind.PCSC,
                context.readerProperty()));
        mrz.managedProperty().bind(mrz.visibleProperty());
        Button read = new Button(context.text("support.owner.read"));
        read.setId("readOwnerCard");
        read.disableProperty().bind(model.busy());
        read.setOnAction(e -> model.readOwnerCard());
        Button forget = new Button(context.text("support.owner.forget"));
        forget.setId("forgetOwnerCard");
        forget.disableProperty().bind(model.ownerCard().isNull());
        forget.setOnAction(e -> model.forgetOwnerCard());
        Label note = new Label();
        note.setId("ownerCardNote");
        note.textProperty().bind(model.ownerCardNote());
        HBox row = new HBox(10, read, forget, note);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, help, tray, mrz, row);
    }

    private Node actions() {
        HBox buttons = new HBox(10);
        HBox noteRow = new HBox(10);
        noteRow.setAlignment(Pos.CENTER_LEFT);
        if (model.mayResume() || model.mayReset() || model.mayLinkPhone()) {
            TextField note = new TextField();
            note.setId("supportNote");
            note.setPromptText(context.text("customers.report.text"));
            note.textProperty().bindBidirectional(model.note());
            note.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                    change.getControlNewText().length() <= com.payband.console.lifecycle.LifecycleService.NOTE_MAX_LENGTH
                            ? change : null));
            HBox.setHgrow(note, Priority.ALWAYS);
            Label noteLabel = new Label(context.text("support.note"));
            noteLabel.setLabelFor(note);
            noteRow.getChildren().addAll(noteLabel, note); // before the buttons: the keyboard meets it first
        }
        if (model.mayResume()) {
            Button found = new Button(context.text("support.found"));
            found.setId("supportFound");
            found.disableProperty().bind(model.foundAllowed().not());
            found.setOnAction(e -> model.found());
            buttons.getChildren().add(found);
        }
        if (model.mayReset()) {
            javafx.scene.control.ComboBox<com.payband.console.binding.ReasonCode> why = reasons("resetReason",
                    model.resetReasons(), model.resetReason());
            Label whyLabel = new Label(context.text("support.reset.reason"));
            whyLabel.setLabelFor(why);
            buttons.getChildren().addAll(whyLabel, why);
            Button reset = new Button(context.text("support.reset"));
            reset.setId("supportReset");
            reset.disableProperty().bind(model.resetAllowed().not());
            reset.setOnAction(e -> model.reset());
            buttons.getChildren().add(reset);
        }
        VBox phone = new VBox(8);
        if (model.mayLinkPhone()) {
            TextField code = new TextField();
            code.setId("newPhoneCode");
            code.setPromptText(context.text("support.phone.prompt"));
            code.textProperty().bindBidirectional(model.newPhoneCode());
            code.setOnAction(e -> model.linkPhone());
            HBox.setHgrow(code, Priority.ALWAYS);
            Button link = new Button(context.text("support.phone.link"));
            link.setId("supportLinkPhone");
            link.disableProperty().bind(model.linkPhoneAllowed().not());
            link.setOnAction(e -> model.linkPhone());
            Label label = new Label(context.text("support.phone.label"));
            label.setLabelFor(code);
            javafx.scene.control.ComboBox<com.payband.console.binding.ReasonCode> why = reasons("phoneReason",
                    model.phoneReasons(), model.phoneReason());
            // two lines: why, then the code and what to do with it (on one, a narrow window cut every label)
            HBox first = new HBox(10, label, why);
            first.setAlignment(Pos.CENTER_LEFT);
            HBox row = new HBox(10, code, link);
            row.setAlignment(Pos.CENTER_LEFT);
            if (context.simulated()) {
                Button simulated = new Button(context.text("support.phone.simulate"));
                simulated.setId("simulateNewPhone");
                simulated.disableProperty().bind(model.busy().or(model.record().isNull()));
                simulated.setOnAction(e -> model.simulateNewPhone());
                row.getChildren().add(simulated);
            }
            for (HBox line : java.util.List.of(first, row)) {
                line.getChildren().stream().filter(n -> n != code).forEach(n -> ((javafx.scene.layout.Region) n)
                        .setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
            }
            phone.getChildren().addAll(first, row);
        }
        Label help = new Label(context.text("support.actions.help"));
        help.setWrapText(true);
        help.getStyleClass().add("muted");
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getChildren().forEach(n -> ((javafx.scene.layout.Region) n)
                .setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
        VBox box = new VBox(8, noteRow, buttons, phone, help);
        noteRow.setVisible(!noteRow.getChildren().isEmpty());
        noteRow.setManaged(noteRow.isVisible());
        if (model.mayReset()) {
            box.getChildren().add(approval());
        }
        if (model.mayReport()) {
            box.getChildren().add(reportStolenForOwner());
        }
        if (model.mayReplace()) {
            box.getChildren().add(replacement());
        }
        if (model.mayImport()) {
            box.getChildren().add(importList());
        }
        return box;
    }

    /** A band another store enrolled, reported stolen by its owner here (their card read above). */
    private Node reportStolenForOwner() {
        Label help = new Label(context.text("support.report.help"));
        help.setWrapText(true);
        help.getStyleClass().add("muted");
        Button go = new Button(context.text("support.report.go"));
        go.setId("reportForOwner");
        go.disableProperty().bind(model.reportAllowed().not());
        go.setOnAction(e -> model.reportStolenForOwner());
        go.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return new VBox(8, section("support.report"), help, go);
    }

    /** A list of stolen bands from the provider or the police: checked, then taken. */
    private Node importList() {
        Label help = new Label(context.text("support.import.help"));
        help.setWrapText(true);
        help.getStyleClass().add("muted");
        Button check = new Button(context.text("support.import.choose"));
        check.setId("importStolenList");
        check.disableProperty().bind(model.busy());
        check.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(context.text("support.import.choose"));
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV", "*.csv", "*.txt"));
            java.io.File file = chooser.showOpenDialog(root.getScene().getWindow());
            if (file != null) {
                model.importList(file.toPath(), false);
            }
        });
        Button take = new Button();
        take.setId("importStolenListApply");
        take.textProperty().bind(Bindings.createStringBinding(() -> model.importChecked().get() == null ? ""
                : context.text("support.import.apply", model.importChecked().get().getFileName().toString()),
                model.importChecked()));
        take.visibleProperty().bind(model.importChecked().isNotNull());
        take.managedProperty().bind(take.visibleProperty());
        take.disableProperty().bind(model.busy());
        take.setOnAction(e -> model.importList(model.importChecked().get(), true));
        HBox row = new HBox(10, check, take);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, section("support.import"), help, row);
    }

    /** The customer's receipt of what was just done for them: saved or printed, in their language. */
    private Node receipt() {
        Button save = new Button(context.text("support.receipt.save"));
        save.setId("saveSupportReceipt");
        save.setOnAction(e -> com.payband.console.ui.ReceiptDesk.chooseFile(context, root.getScene().getWindow(),
                model.receiptFileName(), model::saveReceipt));
        Button print = new Button(context.text("support.receipt.print"));
        print.setId("printSupportReceipt");
        print.setOnAction(e -> model.printReceipt());
        Label note = new Label();
        note.setId("supportReceiptNote");
        note.textProperty().bind(model.receiptNote());
        HBox row = new HBox(10, save, print, note);
        row.setId("supportReceipt");
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(model.receipt().isNotNull());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    /** A choice of reason codes, shown in the member's words, tied to the model's. */
    private javafx.scene.control.ComboBox<com.payband.console.binding.ReasonCode> reasons(String id,
            java.util.List<com.payband.console.binding.ReasonCode> codes,
            javafx.beans.property.ObjectProperty<com.payband.console.binding.ReasonCode> chosen) {
        javafx.scene.control.ComboBox<com.payband.console.binding.ReasonCode> box =
                new javafx.scene.control.ComboBox<>(javafx.collections.FXCollections.observableArrayList(codes));
        box.setId(id);
        box.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(com.payband.console.binding.ReasonCode r) {
                return r == null ? "" : context.text("reason." + r.name());
            }

            @Override
            public com.payband.console.binding.ReasonCode fromString(String s) {
                return null;
            }
        });
        box.valueProperty().bindBidirectional(chosen);
        return box;
    }

    /** A new band for the same customer: the old one deactivated first, the card read once. */
    private Node replacement() {
        Label help = new Label(context.text("support.replace.help"));
        help.setWrapText(true);
        help.getStyleClass().add("muted");
        javafx.scene.control.ComboBox<com.payband.console.binding.ReasonCode> reason = reasons("replaceReason",
                model.replacementReasons(), model.replaceReason());
        reason.setPromptText(context.text("support.replace.reason"));
        TextField serialField = new TextField();
        serialField.setId("replacementSerial");
        serialField.setPromptText(context.text("support.replace.serial"));
        serialField.textProperty().bindBidirectional(model.replacementSerial());
        TextField phoneCode = new TextField();
        phoneCode.setId("replacementPhoneCode");
        phoneCode.setPromptText(context.text("support.replace.phone"));
        phoneCode.textProperty().bindBidirectional(model.replacementPhoneCode());
        phoneCode.setOnAction(e -> model.replace());
        HBox.setHgrow(phoneCode, Priority.ALWAYS);
        HBox first = new HBox(10, reason, serialField);
        first.setAlignment(Pos.CENTER_LEFT);
        HBox second = new HBox(10, phoneCode);
        second.setAlignment(Pos.CENTER_LEFT);
        if (context.simulated()) {
            Button simulated = new Button(context.text("support.replace.simulatePhone"));
            simulated.setId("simulateCustomerPhone");
            simulated.disableProperty().bind(model.busy().or(model.record().isNull()));
            simulated.setOnAction(e -> model.simulateCustomerPhone());
            second.getChildren().add(simulated);
        }
        TextField note = new TextField();
        note.setId("replacementNote");
        note.setPromptText(context.text("customers.report.text"));
        note.textProperty().bindBidirectional(model.replacementNote());
        note.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                change.getControlNewText().length() <= com.payband.console.lifecycle.LifecycleService.NOTE_MAX_LENGTH
                        ? change : null));
        Button go = new Button(context.text("support.replace.go"));
        go.setId("supportReplace");
        go.disableProperty().bind(model.replaceAllowed().not());
        go.setOnAction(e -> model.replace());
        VBox box = new VBox(8, section("support.replace"), help, first, second, note, go);
        box.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.record().get() != null
                && model.record().get().binding().filter(b -> b.live()
                        && b.state() != com.payband.console.binding.BindingState.PENDING).isPresent(), model.record()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** An administrator approves, here, the reset of a band reported stolen whose owner cannot come. */
    private Node approval() {
        Label title = section("support.approval");
        Label help = new Label(context.text("support.approval.help"));
        help.setWrapText(true);
        help.getStyleClass().add("muted");
        TextField name = new TextField();
        name.setId("approverName");
        name.setPromptText(context.text("support.approval.name"));
        name.textProperty().bindBidirectional(model.approverName());
        javafx.scene.control.PasswordField password = new javafx.scene.control.PasswordField();
        password.setId("approverPassword");
        password.setPromptText(context.text("support.approval.password"));
        password.textProperty().bindBidirectional(model.approverPassword());
        password.setOnAction(e -> model.approveReset());
        Button approve = new Button(context.text("support.approval.approve"));
        approve.setId("approveReset");
        approve.disableProperty().bind(model.approveAllowed().not());
        approve.setOnAction(e -> model.approveReset());
        Label given = new Label();
        given.setId("resetApproval");
        given.setWrapText(true);
        given.textProperty().bind(model.approvalNote());
        HBox row = new HBox(10, name, password, approve);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, title, help, row, given);
        box.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.record().get() != null
                && !model.record().get().liveHere(), model.record()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Label section(String key) {
        Label l = new Label(context.text(key));
        l.getStyleClass().add("section-title");
        return l;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void focus() {
        com.payband.console.ui.Scrolling.focusWhenShown(serial);
    }

    @Override
    public void conceal() {
        model.conceal();
    }

    public SupportViewModel model() {
        return model;
    }
}
