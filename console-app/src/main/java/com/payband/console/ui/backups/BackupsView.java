package com.payband.console.ui.backups;

import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.Page;
import com.payband.console.ui.PageView;
import java.io.File;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Backups, their restore check and the key-recovery file, for administrators. */
public final class BackupsView implements PageView {

    private final ConsoleContext context;
    private final BackupsViewModel model;
    private final ScrollPane root;
    private final Button backUp;

    public BackupsView(ConsoleContext context) {
        this(context, new BackupsViewModel(context));
    }

    public BackupsView(ConsoleContext context, BackupsViewModel model) {
        this.context = context;
        this.model = model;
        Label intro = wrapped(context.text("backups.intro"));
        intro.getStyleClass().add("muted");
        Label problem = Forms.problem(model.problem());
        problem.setId("backupsProblem");
        Label notice = wrapped("");
        notice.setId("backupsNotice");
        notice.getStyleClass().add("ok");
        notice.textProperty().bind(model.notice());
        notice.visibleProperty().bind(model.notice().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        ProgressIndicator working = new ProgressIndicator();
        working.setPrefSize(18, 18);
        working.visibleProperty().bind(model.busy());

        backUp = Forms.primary(context.text("backups.backUp"));
        backUp.setId("backUpNow");
        backUp.setDefaultButton(false);
        backUp.disableProperty().bind(model.busy());
        backUp.setOnAction(e -> model.backUp());

        Button latest = new Button(context.text("backups.checkLatest"));
        latest.setId("checkLatest");
        latest.disableProperty().bind(model.busy());
        latest.setOnAction(e -> model.checkLatest());
        Button chosen = new Button(context.text("backups.checkChosen"));
        chosen.setId("checkChosen");
        chosen.disableProperty().bind(model.busy());
        chosen.setOnAction(e -> chooseBackup());
        Label result = wrapped("");
        result.setId("checkResult");
        result.textProperty().bind(model.checkResult());
        model.checkPassed().addListener((o, a, b) -> style(result, b));
        VBox backups = section("backups.title", wrapped(context.text("backups.explained")),
                new HBox(10, backUp, working), section("backups.check.title", wrapped(context.text("backups.check.explained")),
                        new HBox(10, latest, chosen), result));

        VBox content = Forms.page(context.text("page." + Page.BACKUPS.name()), intro, problem, notice, backups);
        if (model.mayManageKeys()) {
            content.getChildren().add(recovery());
        }
        root = new ScrollPane(content);
        root.setFitToWidth(true);
    }

    private Node recovery() {
        Label state = wrapped("");
        state.setId("recoveryState");
        state.textProperty().bind(model.recoveryState());
        model.recoveryMissing().addListener((o, a, b) -> {
            state.getStyleClass().removeAll("problem", "ok");
            state.getStyleClass().add(b ? "problem" : "ok");
        });
        GridPane form = Forms.grid();
        Forms.row(form, context.text("backups.recovery.passphrase"), Forms.secret("recoveryPassphrase", model.recoveryPassphrase()));
        Forms.row(form, context.text("backups.recovery.repeat"), Forms.secret("recoveryRepeat", model.recoveryRepeat()));
        Button export = new Button(context.text("backups.recovery.export"));
        export.setId("exportRecovery");
        export.disableProperty().bind(model.busy().or(model.recoveryPassphrase().isEmpty())
                .or(model.recoveryRepeat().isEmpty()));
        export.setOnAction(e -> chooseRecoveryFile());
        return section("backups.recovery.title", state, wrapped(context.text("backups.recovery.explained")), form,
                new HBox(10, export));
    }

    private void chooseBackup() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(context.text("backups.checkChosen"));
        File folder = context.services().folder().backups().toFile();
        if (folder.isDirectory()) {
            chooser.setInitialDirectory(folder);
        }
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(context.text("backups.filter"), "*.zip"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            model.check(file.toPath());
        }
    }

    private void chooseRecoveryFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(context.text("backups.recovery.export"));
        chooser.setInitialFileName(model.recoveryFileName());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        File file = chooser.showSaveDialog(window());
        if (file != null) {
            model.exportRecovery(file.toPath());
        }
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private static void style(Label result, boolean passed) {
        result.getStyleClass().removeAll("ok", "problem");
        result.getStyleClass().add(passed ? "ok" : "problem");
    }

    private VBox section(String titleKey, Node... content) {
        Label title = new Label(context.text(titleKey));
        title.getStyleClass().add("section-title");
        VBox box = new VBox(10, title);
        box.getChildren().addAll(content);
        return box;
    }

    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
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
        backUp.requestFocus();
    }

    public BackupsViewModel model() {
        return model;
    }
}
