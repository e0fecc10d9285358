package com.payband.console.ui.signin;

import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Forms;
import com.payband.console.ui.shell.LanguageChoice;
import javafx.animation.PauseTransition;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The sign-in form, in its four modes (first start, sign-in, forced password change, store failure). */
public final class SignInView {

    private final ConsoleContext context;
    private final SignInViewModel model;
    private final StackPane root = new StackPane();
    private final VBox card = new VBox(14);
    private final GridPane form = Forms.grid();
    private final Label heading = new Label();
    private final Label explanation = new Label();
    private final Button submit = Forms.primary("");
    private static final int SPINNER_DELAY_MS = 500;
    private HBox actions;
    private ProgressIndicator progress;

    public SignInView(ConsoleContext context, SignInViewModel model) {
        this.context = context;
        this.model = model;
        root.getStyleClass().add("sign-in");
        card.getStyleClass().add("card");
        card.setMaxWidth(480);
        card.setMaxHeight(Region.USE_PREF_SIZE); // as tall as the form, centred
        card.setFillWidth(true);
        heading.getStyleClass().add("page-title");
        explanation.setWrapText(true);
        explanation.setId("signInExplained");
        submit.setId("signIn");
        submit.setMaxWidth(Double.MAX_VALUE);
        submit.disableProperty().bind(model.busy());
        submit.setOnAction(e -> model.submit());

        Label product = new Label(context.text("app.title"));
        product.getStyleClass().add("product");
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox top = new HBox(10, product, spring, LanguageChoice.switcher(context));
        top.setAlignment(Pos.CENTER_LEFT);
        if (context.simulated()) {
            top.getChildren().add(1, simulatorBadge(context));
        }
        HBox actions = new HBox(10, submit);
        HBox.setHgrow(submit, Priority.ALWAYS);
        actions.setAlignment(Pos.CENTER_LEFT);
        showProgressWhileBusy(actions);
        Label problem = Forms.problem(model.problem());
        problem.setId("signInProblem");
        card.getChildren().addAll(top, heading, explanation, form, problem, actions);
        root.getChildren().add(card);
        StackPane.setAlignment(card, Pos.CENTER);

        model.mode().addListener((o, a, b) -> rebuild());
        model.passphraseNeeded().addListener((o, a, b) -> rebuild());
        model.protectWithPassphrase().addListener((o, a, b) -> rebuild());
        model.lockedUser().addListener((o, a, b) -> rebuild());
        rebuild();
    }

    /**
     * The spinner beside the button, made the first time the form is busy: its skin (arcs, animation) is
     * not worth building before the form's first frame, when nothing is busy yet.
     */
    private void showProgressWhileBusy(HBox actions) {
        this.actions = actions;
        if (model.busy().get()) {
            prepare();
            return;
        }
        model.busy().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean busy) {
                if (busy) {
                    model.busy().removeListener(this);
                    prepare();
                }
            }
        });
    }

    /**
     * Makes what the form shows while busy (its spinner), hidden until then: the window calls this once the
     * form is on screen and idle, so that pressing "sign in" does not build it on the way to the home screen.
     */
    public void prepare() {
        if (progress == null) {
            progress = new ProgressIndicator();
            progress.setPrefSize(22, 22);
            progress.setVisible(model.busy().get());
            // shown only when the wait lasts: a sign-in takes a few tenths of a second, and a spinner that
            // flashes for that long says nothing (it also animated beside the password check on two cores)
            PauseTransition lasting = new PauseTransition(Duration.millis(SPINNER_DELAY_MS));
            lasting.setOnFinished(e -> progress.setVisible(model.busy().get()));
            model.busy().addListener((o, was, busy) -> {
                if (busy) {
                    lasting.playFromStart();
                } else {
                    lasting.stop();
                    progress.setVisible(false);
                }
            });
            actions.getChildren().add(progress);
        }
    }

    /** The red SIMULATOR marking, on every screen while a simulator is in use. */
    public static Label simulatorBadge(ConsoleContext context) {
        Label badge = new Label(context.text("simulator.badge"));
        badge.setId("simulatorBadge");
        badge.getStyleClass().add("simulator-badge");
        badge.setAccessibleHelp(context.text("simulator.explained"));
        // the tooltip when the pointer first comes near: its popup window is not worth building before the first frame
        badge.setOnMouseEntered(e -> {
            if (badge.getTooltip() == null) {
                badge.setTooltip(new javafx.scene.control.Tooltip(context.text("simulator.explained")));
            }
        });
        return badge;
    }

    private void rebuild() {
        form.getChildren().clear();
        Node first;
        switch (model.mode().get()) {
            case FIRST_START -> {
                heading.setText(context.text("signIn.firstStart.title"));
                explanation.setText(context.text("signIn.firstStart.explained"));
                first = text("username", model.username());
                Forms.row(form, context.text("signIn.adminName"), first);
                Forms.row(form, context.text("signIn.password"), Forms.secret("password", model.password()));
                Forms.row(form, context.text("signIn.repeatPassword"), Forms.secret("repeatPassword", model.repeatPassword()));
                ToggleGroup keeping = new ToggleGroup();
                RadioButton keyring = new RadioButton(context.text("signIn.key.keyring"));
                keyring.setId("keyKeyring");
                RadioButton passphrase = new RadioButton(context.text("signIn.key.passphrase"));
                passphrase.setId("protectWithPassphrase");
                keyring.setToggleGroup(keeping);
                passphrase.setToggleGroup(keeping);
                keyring.setWrapText(true); // the choice is read in full, not cut off at the form's edge
                passphrase.setWrapText(true);
                (model.protectWithPassphrase().get() ? passphrase : keyring).setSelected(true);
                passphrase.selectedProperty().addListener((o, a, b) -> model.protectWithPassphrase().set(b));
                keyring.disableProperty().bind(model.keyringReachable().not());
                Label keyringNote = new Label();
                keyringNote.setId("keyringNote");
                keyringNote.setWrapText(true);
                keyringNote.getStyleClass().add("muted");
                keyringNote.textProperty().bind(model.keyringNote());
                keyringNote.visibleProperty().bind(model.keyringNote().isNotEmpty());
                keyringNote.managedProperty().bind(keyringNote.visibleProperty());
                Forms.row(form, context.text("signIn.key"), new VBox(6, keyring, passphrase, keyringNote));
                if (model.protectWithPassphrase().get()) {
                    Forms.row(form, context.text("signIn.passphrase"), Forms.secret("passphrase", model.passphrase()));
                    Forms.row(form, context.text("signIn.repeatPassphrase"),
                            Forms.secret("repeatPassphrase", model.repeatPassphrase()));
                }
                submit.setText(context.text("signIn.firstStart.submit"));
            }
            case CHANGE_PASSWORD -> {
                heading.setText(context.text("signIn.change.title"));
                explanation.setText(context.text("signIn.change.explained"));
                first = Forms.secret("newPassword", model.newPassword());
                Forms.row(form, context.text("signIn.newPassword"), first);
                Forms.row(form, context.text("signIn.repeatPassword"), Forms.secret("repeatPassword", model.repeatPassword()));
                submit.setText(context.text("signIn.change.submit"));
            }
            case FAILED -> {
                heading.setText(context.text("signIn.failed.title"));
                explanation.setText(context.text("signIn.failed.explained", context.folder().path()));
                first = submit;
                submit.setText(context.text("signIn.failed.quit"));
                submit.setOnAction(e -> javafx.application.Platform.exit());
            }
            default -> {
                boolean locked = model.lockedUser().get() != null;
                heading.setText(context.text(locked ? "signIn.locked.title" : "signIn.title"));
                explanation.setText(model.passphraseNeeded().get() ? context.text("signIn.unlock.explained")
                        : !locked ? "" : model.lockedByHand()
                        ? context.text("signIn.locked.byHand", model.lockedUser().get())
                        : context.text("signIn.locked.explained", model.lockedUser().get(),
                                context.idleLockMinutes().get()));
                TextField user = text("username", model.username());
                Node pw = Forms.secret("password", model.password());
                Forms.row(form, context.text("signIn.username"), user);
                Forms.row(form, context.text("signIn.password"), pw);
                if (model.passphraseNeeded().get()) {
                    Forms.row(form, context.text("signIn.passphrase"), Forms.secret("passphrase", model.passphrase()));
                }
                first = locked || !model.username().get().isEmpty() ? pw : user;
                submit.setText(context.text("signIn.submit"));
            }
        }
        explanation.setVisible(!explanation.getText().isEmpty());
        explanation.setManaged(explanation.isVisible());
        javafx.application.Platform.runLater(first::requestFocus);
    }

    private static TextField text(String id, javafx.beans.property.StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    public Node node() {
        return root;
    }

    public SignInViewModel model() {
        return model;
    }
}
