package com.payband.console.ui.shell;

import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Page;
import com.payband.console.ui.PageView;
import com.payband.console.ui.signin.SignInView;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The frame: a header (product, SIMULATOR marking, who is signed in, language, theme, lock, sign out),
 * the navigation (only what the role may use; Ctrl+1… open the pages), and the open page.
 */
public final class ShellView {

    private final ConsoleContext context;
    private final ShellViewModel model;
    private final Function<Page, PageView> pageFactory;
    private final Map<Page, PageView> views = new EnumMap<>(Page.class);
    private final BorderPane root = new BorderPane();
    private final ToggleGroup navigation = new ToggleGroup();
    private final Runnable lock;
    private PageView shown;

    public ShellView(ConsoleContext context, ShellViewModel model, Function<Page, PageView> pageFactory, Runnable lock) {
        this.context = context;
        this.model = model;
        this.pageFactory = pageFactory;
        this.lock = lock;
        root.getStyleClass().add("shell");
        root.setTop(header());
        root.setLeft(navigation());
        root.setBottom(statusBar());
        model.current().addListener((o, a, b) -> show(b));
        show(model.current().get());
    }

    private Node header() {
        Label product = new Label(context.text("app.title"));
        product.getStyleClass().add("product");
        HBox header = new HBox(12, product);
        if (context.simulated()) {
            header.getChildren().add(SignInView.simulatorBadge(context));
        }
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        Label who = new Label(model.who());
        who.setId("signedInAs");
        ToggleButton dark = new ToggleButton();
        dark.setId("darkTheme");
        // says what a press does: dark while the theme is light, light while it is dark
        dark.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> context.text(
                context.themeProperty().get() == ConsoleContext.Theme.DARK ? "shell.light" : "shell.dark"),
                context.themeProperty()));
        dark.setSelected(context.themeProperty().get() == ConsoleContext.Theme.DARK);
        dark.selectedProperty().addListener((o, a, b) ->
                context.themeProperty().set(b ? ConsoleContext.Theme.DARK : ConsoleContext.Theme.LIGHT));
        context.themeProperty().addListener((o, a, b) -> dark.setSelected(b == ConsoleContext.Theme.DARK));
        Button lockButton = new Button(context.text("shell.lock"));
        lockButton.setId("lock");
        lockButton.setOnAction(e -> lock.run());
        Button signOut = new Button(context.text("shell.signOut"));
        signOut.setId("signOut");
        signOut.setOnAction(e -> model.signOut());
        header.getChildren().addAll(spring, who, LanguageChoice.switcher(context), dark, lockButton, signOut);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("header");
        return header;
    }

    /** The devices and the store at a glance, live, at the foot of every screen. */
    private Node statusBar() {
        org.controlsfx.control.StatusBar bar = new org.controlsfx.control.StatusBar();
        bar.setId("statusBar");
        Label reader = new Label();
        reader.setId("statusReader");
        reader.textProperty().bind(context.readerStatus());
        Label backend = new Label();
        backend.setId("statusSync");
        backend.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> context.text("status.sync.prefix", context.syncStatus().get()), context.syncStatus()));
        Button syncNow = new Button(context.text("shell.syncNow"));
        syncNow.setId("syncNow");
        syncNow.setMinWidth(Region.USE_PREF_SIZE);
        syncNow.setOnAction(e -> context.syncNow());
        // the reader on the left, where the bar's text gives way first; the data folder is on the Settings page
        bar.setText("");
        bar.setGraphic(reader);
        // over Bluetooth, the driver's health ("Bluetooth driver restarted") wherever the clerk is
        Label radio = new Label();
        radio.setId("statusRadio");
        radio.textProperty().bind(context.radioStatus());
        radio.visibleProperty().bind(context.bluetoothInUse());
        radio.managedProperty().bind(radio.visibleProperty());
        radio.setPadding(new javafx.geometry.Insets(0, 14, 0, 0));
        // the driver's health is what the clerk must not miss: the reader's text gives way before it
        radio.setMinWidth(Region.USE_PREF_SIZE);
        bar.getRightItems().addAll(radio, backend, syncNow);
        return bar;
    }

    private Node navigation() {
        VBox nav = new VBox(4);
        nav.getStyleClass().add("navigation");
        int index = 1;
        for (Page page : model.pages()) {
            ToggleButton b = new ToggleButton(context.text("page." + page.name()));
            b.setId("nav-" + page.name());
            b.setToggleGroup(navigation);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setOnAction(e -> {
                model.open(page);
                b.setSelected(true);
            });
            b.setTooltip(new javafx.scene.control.Tooltip("Ctrl+" + index));
            b.setUserData(new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(index)), KeyCombination.SHORTCUT_DOWN));
            nav.getChildren().add(b);
            index++;
        }
        return nav;
    }

    /** Ctrl+1… open the navigation's pages in order. */
    public void installShortcuts(javafx.scene.Scene scene) {
        navigation.getToggles().forEach(t -> {
            ToggleButton b = (ToggleButton) t;
            scene.getAccelerators().put((KeyCombination) b.getUserData(), b::fire);
        });
    }

    public void removeShortcuts(javafx.scene.Scene scene) {
        navigation.getToggles().forEach(t -> scene.getAccelerators().remove((KeyCombination) ((ToggleButton) t).getUserData()));
    }

    private void show(Page page) {
        if (shown != null) {
            shown.deactivate();
        }
        PageView view = views.computeIfAbsent(page, pageFactory);
        shown = view;
        root.setCenter(view.node());
        navigation.getToggles().stream().filter(t -> ((ToggleButton) t).getId().equals("nav-" + page.name()))
                .findFirst().ifPresent(t -> t.setSelected(true));
        view.activate();
        javafx.application.Platform.runLater(view::focus);
    }

    /** The page, if it was shown since the shell was made (its view and model hold what the member was doing). */
    public java.util.Optional<PageView> created(Page page) {
        return java.util.Optional.ofNullable(views.get(page));
    }

    public void deactivate() {
        if (shown != null) {
            shown.deactivate();
        }
    }

    /** The console locks: every page forgets what it revealed, and the shown one stops what it watches. */
    public void lock() {
        views.values().forEach(PageView::conceal);
        deactivate();
    }

    /** Its member signed in again: the page that was open goes on. */
    public void unlock() {
        if (shown != null) {
            shown.activate();
            javafx.application.Platform.runLater(shown::focus);
        }
    }

    public Node node() {
        return root;
    }

    public ShellViewModel model() {
        return model;
    }
}
