package com.payband.console.ui.enrollment;

import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.Page;
import com.payband.console.ui.PageView;
import com.payband.console.ui.enrollment.EnrollmentViewModel.BandRow;
import com.payband.console.ui.enrollment.EnrollmentViewModel.BindLine;
import com.payband.console.ui.enrollment.EnrollmentViewModel.Step;
import com.payband.console.ui.shell.LanguageChoice;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.serial.WltPortraits;
import com.payband.drivers.idcard.sim.SimulatorPortraitDecoder;
import java.io.ByteArrayInputStream;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The enrollment wizard: seven steps, each usable by keyboard alone (Enter goes on, Alt+B goes back). */
public final class EnrollmentView implements PageView {

    private final ConsoleContext context;
    private final EnrollmentViewModel model;
    private final VBox root;
    private final StackPane body = new StackPane();
    private final HBox steps = new HBox(6);
    private final Map<Step, Node> pages = new EnumMap<>(Step.class);
    private final Button next;
    private final Button back;
    private final Label problem;
    private Node identity;

    public EnrollmentView(ConsoleContext context) {
        this(context, new EnrollmentViewModel(context));
    }

    public EnrollmentView(ConsoleContext context, EnrollmentViewModel model) {
        this.context = context;
        this.model = model;
        steps.getStyleClass().add("wizard-steps");
        for (Step s : Step.values()) {
            Label l = new Label((s.ordinal() + 1) + " · " + context.text("enroll.step." + s.name() + ".title"));
            l.setId("wizardStep-" + s.name());
            steps.getChildren().add(l);
        }
        problem = Forms.problem(model.problem());
        problem.setId("enrollProblem");
        model.stolen().addListener((o, a, b) -> {
            problem.getStyleClass().remove("stolen");
            if (b) {
                problem.getStyleClass().add("stolen");
            }
        });
        back = new Button(context.text("enroll.back"));
        back.setId("wizardBack");
        back.setMnemonicParsing(true);
        back.disableProperty().bind(model.backAllowed().not());
        back.setOnAction(e -> model.back());
        next = Forms.primary(context.text("enroll.next"));
        next.setId("wizardNext");
        next.disableProperty().bind(model.nextAllowed().not());
        next.setOnAction(e -> model.next());
        // Enter goes on: on the first step only once the document is accepted (before, Enter reads the card)
        next.defaultButtonProperty().bind(Bindings.createBooleanBinding(() -> switch (model.step().get()) {
            case READ_DOCUMENT -> model.documentAccepted().get();
            case CONSENT, PHONE, FIND_BAND, BIND -> true;
            default -> false;
        }, model.step(), model.documentAccepted()));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(24, 24);
        busy.visibleProperty().bind(model.busy());
        HBox actions = new HBox(10, back, spring, busy, next);
        actions.setAlignment(Pos.CENTER_RIGHT);
        VBox.setVgrow(body, Priority.ALWAYS);
        root = Forms.page(context.text("page." + Page.ENROLL.name()), steps, body, problem, actions);
        root.setId("enrollmentWizard");
        model.step().addListener((o, a, b) -> {
            show(b);
            if (b == Step.FIND_BAND) {
                model.startScan();
            } else {
                model.stopScan();
            }
        });
        model.document().addListener((o, a, b) -> refreshIdentity());
        model.documentAccepted().addListener((o, a, b) -> refreshIdentity());
        show(model.step().get());
    }

    private void show(Step step) {
        for (Node n : steps.getChildren()) {
            n.getStyleClass().removeAll("current", "done");
            Step s = Step.valueOf(n.getId().substring("wizardStep-".length()));
            if (s == step) {
                n.getStyleClass().add("current");
            } else if (s.ordinal() < step.ordinal()) {
                n.getStyleClass().add("done");
            }
        }
        Node page = pages.computeIfAbsent(step, this::build);
        body.getChildren().setAll(page);
        next.setText(context.text(switch (step) {
            case CONSENT -> "enroll.consent.accept";
            case FIND_BAND -> "enroll.band.bind";
            case VERIFY, DONE, BIND -> "enroll.next";
            default -> "enroll.next";
        }));
        next.setVisible(step != Step.DONE && step != Step.VERIFY);
        if (step == Step.DONE) {
            pages.remove(Step.DONE); // the receipt summary is of this enrollment
            body.getChildren().setAll(pages.computeIfAbsent(step, this::build));
        }
        javafx.application.Platform.runLater(this::focus);
    }

    private Node build(Step step) {
        return switch (step) {
            case READ_DOCUMENT -> documentStep();
            case CONSENT -> consentStep();
            case PHONE -> phoneStep();
            case FIND_BAND -> bandStep();
            case BIND -> bindStep();
            case VERIFY -> verifyStep();
            case DONE -> doneStep();
        };
    }

    // ------------------------------------------------------------ 1

    private Node documentStep() {
        Button read = Forms.primary(context.text("enroll.read.button"));
        read.setId("readCard");
        read.defaultButtonProperty().bind(model.documentAccepted().not().and(model.step().isEqualTo(Step.READ_DOCUMENT)));
        read.disableProperty().bind(model.busy());
        read.setOnAction(e -> model.readDocument());
        Button cancel = new Button(context.text("enroll.read.cancel"));
        cancel.setId("cancelRead");
        cancel.visibleProperty().bind(model.busy());
        cancel.setOnAction(e -> model.cancelRead());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(model.readProgress());
        progress.visibleProperty().bind(model.busy());
        progress.setPrefWidth(260);
        Label status = new Label();
        status.textProperty().bind(model.readStatus());
        HBox readRow = new HBox(10, read, cancel, progress, status);
        readRow.setAlignment(Pos.CENTER_LEFT);
        Node tray = model.tray().view(new String[] {"sampleCard", "placeCard", "removeCard"}, model::placeSampleCard,
                model::removeCard);
        Node mrzForm = mrzForm();
        mrzForm.visibleProperty().bind(Bindings.createBooleanBinding(() -> context.readerProperty().get() != null
                && context.readerProperty().get().info().kind() == com.payband.drivers.idcard.ReaderKind.PCSC,
                context.readerProperty()));
        mrzForm.managedProperty().bind(mrzForm.visibleProperty());
        Label readerStatus = new Label();
        readerStatus.setId("readerStatus");
        readerStatus.textProperty().bind(context.readerStatus()); // live, whichever reader is in use
        VBox box = new VBox(12, readerStatus, tray, mrzForm, readRow);
        identity = new VBox();
        box.getChildren().add(identity);
        refreshIdentity();
        return box;
    }

    /** The MRZ, typed by staff or by a document scanner that types its lines like a keyboard. */
    private Node mrzForm() {
        TextArea mrz = new TextArea();
        mrz.setId("mrz");
        mrz.setPrefRowCount(3);
        mrz.setStyle("-fx-font-family: monospace;");
        mrz.textProperty().bindBidirectional(model.mrz());
        Label label = new Label(context.text("mrz.label"));
        label.setMnemonicParsing(true);
        label.setLabelFor(mrz);
        Label status = new Label();
        status.setId("mrzStatus");
        status.textProperty().bind(model.mrzStatus());
        model.mrzComplete().addListener((o, a, b) -> status.getStyleClass().setAll("label", b ? "ok" : "warn"));
        return new VBox(6, label, mrz, status);
    }

    private void refreshIdentity() {
        if (!(identity instanceof VBox box)) {
            return;
        }
        box.getChildren().clear();
        IdDocument d = model.document().get();
        if (d == null) {
            return;
        }
        GridPane grid = Forms.grid();
        DateTimeFormatter dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(context.localeProperty().get());
        Forms.row(grid, context.text("enroll.id.type"), new Label(context.text("documentType." + d.documentType().name())));
        Label name = new Label(model.shownName());
        name.setId("identityName");
        name.getStyleClass().add("section-title");
        Forms.row(grid, context.text("enroll.id.name"), name);
        Forms.row(grid, context.text("enroll.id.number"), new Label(model.shownNumber()));
        Forms.row(grid, context.text("enroll.id.sex"), new Label(context.text("sex." + d.sex().name())));
        Forms.row(grid, context.text("enroll.id.birth"), new Label(dates.format(d.birthDate())));
        Forms.row(grid, context.text("enroll.id.validUntil"), new Label(d.validUntil().map(dates::format)
                .orElse(context.text("enroll.id.longTerm"))));
        Node photo = photo(d.portrait());
        HBox card = new HBox(18, photo, grid);
        card.getStyleClass().add("card");
        box.getChildren().add(card);
        model.documentWarnings().forEach(w -> {
            Label l = new Label(context.text("enroll.read.warning", w));
            l.getStyleClass().add("warn");
            box.getChildren().add(l);
        });
        if (model.documentAccepted().get()) {
            Label ok = new Label(context.text("enroll.read.accepted"));
            ok.setId("documentAccepted");
            ok.getStyleClass().add("ok");
            box.getChildren().add(ok);
        }
    }

    /**
     * The portrait wherever one can be decoded (JPEG as it is; WLT through an installed decoder: a vendor's, or the
     * simulator's for its sample cards; JPEG 2000 through an Image I/O plug-in), said plainly when none can, so that
     * the clerk compares the customer with the card itself.
     */
    private Node photo(Portrait portrait) {
        WltPortraits.ShownPortrait shown = PORTRAITS.render(portrait);
        Image image = new Image(new ByteArrayInputStream(shown.image()), 102, 126, true, true);
        ImageView view = new ImageView(image);
        view.setId("documentPhoto");
        Label caption = new Label(!portrait.isPresent() ? context.text("enroll.id.noPhoto")
                : shown.placeholder() || image.isError() ? context.text("enroll.id.photoNoDecoder", portrait.format().name())
                : shown.decodedBy().map(by -> SimulatorPortraitDecoder.NAME.equals(by)
                        ? context.text("enroll.id.photoSimulated") : context.text("enroll.id.photoDecodedBy", by))
                        .orElse(""));
        caption.setId("documentPhotoNote");
        caption.setWrapText(true);
        caption.setMaxWidth(130);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        caption.getStyleClass().add("muted");
        caption.setVisible(!caption.getText().isEmpty());
        caption.setManaged(caption.isVisible());
        javafx.scene.layout.StackPane frame = new javafx.scene.layout.StackPane(view);
        frame.getStyleClass().add("identity-photo");
        return new VBox(6, frame, caption);
    }

    /** The photo decoders on the class path, found once. */
    private static final WltPortraits PORTRAITS = WltPortraits.installed();

    // ------------------------------------------------------------ 2

    private Node consentStep() {
        ComboBox<Locale> language = LanguageChoice.createFor(model.consentLocale());
        language.setId("consentLanguage");
        TextArea text = new TextArea();
        text.setId("consentText");
        text.setEditable(false);
        text.setWrapText(true);
        text.getStyleClass().add("consent-text");
        text.textProperty().bind(model.consentText());
        VBox.setVgrow(text, Priority.ALWAYS);
        Label version = new Label();
        version.getStyleClass().add("muted");
        version.textProperty().bind(Bindings.createStringBinding(() -> context.text("enroll.consent.version",
                model.consentVersion()), model.consentText()));
        CheckBox given = new CheckBox(context.text("enroll.consent.given"));
        given.setId("consentGiven");
        given.selectedProperty().bindBidirectional(model.consentGiven());
        // Space ticks the box; Enter goes on once it is ticked (it never unticks it: the customer agreed)
        given.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                e.consume();
                if (model.nextAllowed().get()) {
                    model.next();
                }
            }
        });
        Label languageLabel = new Label(context.text("enroll.consent.language"));
        HBox top = new HBox(10, languageLabel, language, version);
        top.setAlignment(Pos.CENTER_LEFT);
        return new VBox(10, top, text, given);
    }

    // ------------------------------------------------------------ 3

    /**
     * The customer's phone: their PayBand app shows a QR code of its key; the box-barcode scanner types it
     * here and presses Enter. In the simulator, the customer's simulated phone shows it.
     */
    private Node phoneStep() {
        Label explained = new Label(context.text("enroll.phone.explained"));
        explained.setWrapText(true);
        TextField code = new TextField();
        code.setId("phoneCode");
        code.setPromptText(context.text("enroll.phone.prompt"));
        code.textProperty().bindBidirectional(model.phoneCode());
        code.setOnAction(e -> {
            if (model.phone().get() == null) {
                model.acceptPhone();
                e.consume();
            }
        });
        HBox.setHgrow(code, Priority.ALWAYS);
        Label label = new Label(context.text("enroll.phone.code"));
        label.setLabelFor(code);
        label.setMnemonicParsing(true);
        Button accept = new Button(context.text("enroll.phone.accept"));
        accept.setId("acceptPhone");
        accept.disableProperty().bind(model.busy().or(model.phoneCode().isEmpty()).or(model.phone().isNotNull()));
        accept.setOnAction(e -> model.acceptPhone());
        HBox row = new HBox(10, label, code, accept);
        row.setAlignment(Pos.CENTER_LEFT);
        Label status = new Label();
        status.setId("phoneStatus");
        status.getStyleClass().add("ok");
        status.setWrapText(true);
        status.textProperty().bind(model.phoneStatus());
        VBox box = new VBox(12, explained, row, status);
        if (context.simulated()) {
            Button simulated = new Button(context.text("enroll.sim.phone"));
            simulated.setId("simulatePhone");
            simulated.disableProperty().bind(model.busy().or(model.phone().isNotNull()));
            simulated.setOnAction(e -> model.simulatePhoneCode());
            box.getChildren().add(simulated);
        }
        return box;
    }

    // ------------------------------------------------------------ 4

    private Node bandStep() {
        TextField serial = new TextField();
        serial.setId("bandSerial");
        serial.setPromptText(context.text("enroll.band.serialPrompt"));
        serial.textProperty().bindBidirectional(model.serialTyped());
        // Enter binds the band whose serial is typed (chosen as it was typed); else it says what is wrong with the text
        serial.setOnAction(e -> {
            if (model.typedSerialChosen() && model.nextAllowed().get()) {
                model.next();
            } else {
                model.serialEntered();
            }
        });
        // marks a serial that cannot be one as it is typed (a barcode scanner's misread shows at once)
        org.controlsfx.validation.ValidationSupport validation = new org.controlsfx.validation.ValidationSupport();
        validation.registerValidator(serial, false, org.controlsfx.validation.Validator.<String>createPredicateValidator(
                v -> v == null || v.isBlank() || com.payband.band.BandSerial.parse(v).isPresent(),
                context.text("enroll.band.serialInvalid")));
        TableView<BandRow> table = new TableView<>(model.bands());
        table.setId("bandTable");
        table.setPlaceholder(new Label(context.text("enroll.band.none")));
        table.getColumns().add(column(context.text("band.col.serial"), r -> r.serial().value()));
        table.getColumns().add(column(context.text("band.col.state"), r -> r.state() == null ? ""
                : r.reportedStolen() ? context.text("enroll.band.reportedStolen")
                : context.text("bandState." + r.state().name())));
        table.getColumns().add(column(context.text("band.col.battery"), r -> r.batteryPercent() == null ? ""
                : r.batteryPercent() + " %"));
        table.getColumns().add(column(context.text("band.col.signal"), r -> context.text("enroll.band.signal", r.rssi(),
                bars(r.rssi()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().forEach(com.payband.console.ui.Tables::wholeValues);
        com.payband.console.ui.Tables.wholeHeaders(table);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.chosen().set(b);
            }
        });
        model.chosen().addListener((o, a, b) -> {
            if (b != null && table.getItems().contains(b)) {
                table.getSelectionModel().select(b);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        Label chosen = new Label();
        chosen.setId("chosenBand");
        chosen.textProperty().bind(Bindings.createStringBinding(() -> model.chosen().get() == null
                ? context.text("enroll.band.noneChosen") : context.text("enroll.band.chosen", model.chosen().get().serial().value()),
                model.chosen()));
        ProgressIndicator scanning = new ProgressIndicator();
        scanning.setPrefSize(18, 18);
        scanning.visibleProperty().bind(model.scanning());
        Label scanLabel = new Label(context.text("enroll.band.scanning"));
        scanLabel.visibleProperty().bind(model.scanning());
        Label serialLabel = new Label(context.text("enroll.band.serial"));
        serialLabel.setLabelFor(serial);
        serialLabel.setMnemonicParsing(true);
        HBox top = new HBox(10, serialLabel, serial, scanning, scanLabel);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(serial, Priority.SOMETIMES);
        VBox box = new VBox(10, top, table, chosen);
        if (context.simulated()) {
            Button unbox = new Button(context.text("enroll.sim.unbox"));
            unbox.setId("unboxBand");
            unbox.setOnAction(e -> context.threads().run(() -> context.services().simulator().unboxNewBand(),
                    band -> model.serialTyped().set(band.serial().value()), err -> model.problem().set(context.describe(err))));
            Label hint = new Label(context.text("enroll.sim.bands"));
            hint.getStyleClass().add("muted");
            hint.setWrapText(true);
            hint.setMinHeight(Region.USE_PREF_SIZE);
            unbox.setMinWidth(Region.USE_PREF_SIZE); // the hint wraps beside it, the button keeps its words
            HBox.setHgrow(hint, Priority.ALWAYS);
            box.getChildren().add(new HBox(10, unbox, hint));
        }
        return box;
    }

    private static String bars(int rssi) {
        int n = rssi >= -55 ? 4 : rssi >= -65 ? 3 : rssi >= -75 ? 2 : 1;
        return "▮".repeat(n) + "▯".repeat(4 - n);
    }

    private static TableColumn<BandRow, String> column(String title, java.util.function.Function<BandRow, String> value) {
        TableColumn<BandRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    // ------------------------------------------------------------ 5

    private Node bindStep() {
        VBox list = new VBox(8);
        list.getStyleClass().add("step-list");
        for (BindLine line : BindLine.values()) {
            Label l = new Label();
            l.setId("bindLine-" + line.name());
            l.textProperty().bind(Bindings.createStringBinding(() -> mark(model.lineState(line).get()) + "  "
                    + context.text("enroll.bind.line." + line.name()), model.lineState(line)));
            list.getChildren().add(l);
        }
        Label status = new Label();
        status.setId("bindStatus");
        status.textProperty().bind(model.bindStatus());
        Button cancel = new Button(context.text("enroll.bind.cancel"));
        cancel.setId("cancelBind");
        cancel.visibleProperty().bind(model.cancellable());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> model.cancelBind());
        Button retry = new Button(context.text("enroll.bind.retry"));
        retry.setId("retryBind");
        retry.visibleProperty().bind(model.retryAllowed());
        retry.managedProperty().bind(retry.visibleProperty());
        retry.setOnAction(e -> model.retry());
        Button another = new Button(context.text("enroll.bind.another"));
        another.setId("anotherBand");
        another.visibleProperty().bind(model.refusal().isNotNull().and(model.busy().not()));
        another.managedProperty().bind(another.visibleProperty());
        another.setOnAction(e -> model.chooseAnotherBand());
        // the backend is down: finish with the customer now, bind when it is back
        Button queue = new Button();
        queue.textProperty().bind(model.queueButtonText());
        queue.setId("queueBind");
        queue.visibleProperty().bind(model.queueAllowed());
        queue.managedProperty().bind(queue.visibleProperty());
        queue.setOnAction(e -> model.queueBind());
        Button nextCustomer = Forms.primary(context.text("enroll.queue.next"));
        nextCustomer.setId("queuedEnrollNext");
        nextCustomer.defaultButtonProperty().bind(model.queued());
        nextCustomer.visibleProperty().bind(model.queued());
        nextCustomer.managedProperty().bind(nextCustomer.visibleProperty());
        nextCustomer.setOnAction(e -> model.enrollNext());
        return new VBox(14, list, status, new HBox(10, cancel, queue, retry, another, nextCustomer));
    }

    private static String mark(EnrollmentViewModel.LineState s) {
        return switch (s) {
            case WAITING -> "○";
            case RUNNING -> "◔";
            case DONE -> "✔";
            case FAILED -> "✘";
        };
    }

    // ------------------------------------------------------------ 6

    /**
     * The payment check: the customer puts the band on and unlocks it with their phone, which shows a
     * payment code; the scanner types it here, and the issuer checks it.
     */
    private Node verifyStep() {
        Label explained = new Label(context.text("enroll.verify.explained"));
        explained.setWrapText(true);
        Label bound = new Label();
        bound.setId("boundNote");
        bound.getStyleClass().add("ok");
        bound.setWrapText(true);
        bound.textProperty().bind(model.bindStatus());
        TextField code = new TextField();
        code.setId("paymentCode");
        code.setPromptText(context.text("enroll.verify.prompt"));
        code.textProperty().bindBidirectional(model.paymentCode());
        code.setOnAction(e -> model.verifyPayment());
        HBox.setHgrow(code, Priority.ALWAYS);
        Label label = new Label(context.text("enroll.verify.code"));
        label.setLabelFor(code);
        label.setMnemonicParsing(true);
        Button verify = Forms.primary(context.text("enroll.verify.button"));
        verify.setId("verifyPayment");
        verify.disableProperty().bind(model.busy().or(model.paymentCode().isEmpty()));
        verify.setOnAction(e -> model.verifyPayment());
        HBox row = new HBox(10, label, code, verify);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(12, bound, explained);
        if (context.simulated()) {
            Button customer = new Button(context.text("enroll.sim.customer"));
            customer.setId("simulateCustomer");
            customer.disableProperty().bind(model.busy().or(model.customerReady()));
            customer.setOnAction(e -> model.simulateCustomer());
            customer.setMinWidth(Region.USE_PREF_SIZE); // its note wraps beside it, the button keeps its words
            Label ready = new Label(context.text("enroll.step.customerUnlocked"));
            ready.getStyleClass().add("ok");
            ready.setWrapText(true);
            ready.visibleProperty().bind(model.customerReady());
            box.getChildren().add(new HBox(10, customer, ready));
        }
        box.getChildren().add(row);
        return box;
    }

    // ------------------------------------------------------------ 7

    private Node doneStep() {
        VBox box = new VBox(12);
        if (model.enrolled() == null) {
            return box;
        }
        Label done = new Label(context.text("enroll.done.title", model.enrolled().serial().value()));
        done.setId("enrollmentDone");
        done.getStyleClass().addAll("section-title", "ok");
        GridPane grid = Forms.grid();
        Forms.row(grid, context.text("enroll.done.customer"), new Label(model.customer().match().maskedName()));
        Forms.row(grid, context.text("enroll.done.band"), new Label(model.enrolled().serial().value()));
        Label phone = new Label(model.enrolled().phone().shortForm());
        phone.setId("donePhone");
        Forms.row(grid, context.text("enroll.done.phone"), phone);
        Forms.row(grid, context.text("enroll.done.binding"), new Label(model.enrolled().bindingId().toString()));
        Forms.row(grid, context.text("enroll.done.consent"), new Label(model.consentVersion()));
        Button save = new Button(context.text("enroll.done.save"));
        save.setId("saveReceipt");
        save.setOnAction(e -> saveReceipt());
        Button print = new Button(context.text("enroll.done.print"));
        print.setId("printReceipt");
        print.setOnAction(e -> model.printReceipt());
        Button nextCustomer = Forms.primary(context.text("enroll.done.next"));
        nextCustomer.setId("enrollNext");
        nextCustomer.setOnAction(e -> model.enrollNext());
        Label saved = new Label();
        saved.textProperty().bind(model.receiptNote());
        box.getChildren().addAll(done, grid, new HBox(10, save, print, nextCustomer), saved);
        return box;
    }

    private void saveReceipt() {
        com.payband.console.ui.ReceiptDesk.chooseFile(context, root.getScene().getWindow(), model.receiptFileName(),
                model::saveReceipt);
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activate() {
        if (model.step().get() == Step.FIND_BAND) {
            model.startScan();
        }
        if (root.getScene() != null) {
            root.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), () -> {
                if (model.step().get() == Step.DONE) {
                    model.enrollNext();
                }
            });
        }
    }

    @Override
    public void deactivate() {
        model.stopScan();
    }

    @Override
    public void focus() {
        Node target = switch (model.step().get()) {
            case READ_DOCUMENT -> root.lookup("#readCard");
            case CONSENT -> root.lookup("#consentGiven");
            case PHONE -> root.lookup(model.phone().get() == null ? "#phoneCode" : "#wizardNext");
            case FIND_BAND -> root.lookup("#bandSerial");
            case VERIFY -> root.lookup(context.simulated() && !model.customerReady().get() ? "#simulateCustomer" : "#paymentCode");
            case DONE -> root.lookup("#enrollNext");
            default -> next;
        };
        if (target != null) {
            target.requestFocus();
        }
    }

    public EnrollmentViewModel model() {
        return model;
    }
}
