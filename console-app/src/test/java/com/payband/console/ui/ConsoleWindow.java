package com.payband.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.store.DataFolder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real console window, driven as a person would (headless on Monocle): start, type, click, wait
 * for what a person waits for. Each test gets a window on its own data folder.
 */
public final class ConsoleWindow implements AutoCloseable {

    private final FxRobot robot = new FxRobot();
    private final ConsoleApplication application;
    private final ConsoleContext context;

    private ConsoleWindow(ConsoleContext context) throws Exception {
        this.context = context;
        this.application = (ConsoleApplication) FxToolkit.setupApplication(() -> new ConsoleApplication(context));
    }

    /** A window on an empty folder: the first start. */
    public static ConsoleWindow firstStart(Path dir) throws Exception {
        FxToolkit.registerPrimaryStage();
        return new ConsoleWindow(new ConsoleContext(new DataFolder(dir), TestStores.options(Clock.systemUTC()),
                UiThreads.javafx(), Locale.ENGLISH));
    }

    /** A window started on a store that exists, not yet open (what a shop sees after starting the console). */
    public static ConsoleWindow started(Path dir) throws Exception {
        return firstStart(dir);
    }

    /** A window on a store that is already open (what the start looks like once the store has started). */
    public static ConsoleWindow on(ConsoleServices services) throws Exception {
        return on(services, Clock.systemUTC());
    }

    /** As {@link #on(ConsoleServices)}, the window's time from this clock (its idle lock, what it dates). */
    public static ConsoleWindow on(ConsoleServices services, Clock clock) throws Exception {
        FxToolkit.registerPrimaryStage();
        ConsoleContext context = new ConsoleContext(services.folder(), TestStores.options(clock),
                UiThreads.javafx(), Locale.ENGLISH);
        context.adopt(services);
        return new ConsoleWindow(context);
    }

    public FxRobot robot() {
        return robot;
    }

    public ConsoleContext context() {
        return context;
    }

    public ConsoleApplication application() {
        return application;
    }

    public ConsoleWindow type(String query, String text) {
        reveal(query);
        robot.clickOn(query);
        TextInputControl field = robot.lookup(query).queryAs(TextInputControl.class);
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> field.setText("")));
        robot.write(text);
        return this;
    }

    public ConsoleWindow click(String query) {
        waitFor(() -> exists(query) && !node(query).isDisabled() && node(query).isVisible(), "clickable " + query);
        reveal(query);
        robot.clickOn(query);
        return this;
    }

    /** A page that scrolls brings the node into view first, as a member scrolls to it. */
    public void reveal(String query) {
        Node node = robot.lookup(query).query();
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> com.payband.console.ui.Scrolling.reveal(node)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    public boolean exists(String query) {
        return robot.lookup(query).tryQuery().filter(Node::isVisible).isPresent();
    }

    public Node node(String query) {
        return robot.lookup(query).query();
    }

    /** The text of a label, button or text field. */
    public String text(String query) {
        Node node = robot.lookup(query).query();
        return node instanceof TextInputControl field ? field.getText() : ((Labeled) node).getText();
    }

    public ConsoleWindow waitFor(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                try {
                    return WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get();
                } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
                    // a node not there yet (the scene still being built) is "not yet", not a failure
                    return false;
                }
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("waited 20 s for " + what, e);
        }
        return this;
    }

    /** Tab until the control with this id has the focus (as a member does), failing if the tab order never reaches it. */
    public ConsoleWindow tabTo(String id) {
        return moveFocusTo(id, false);
    }

    /** Shift+Tab until the control with this id has the focus. */
    public ConsoleWindow shiftTabTo(String id) {
        return moveFocusTo(id, true);
    }

    private ConsoleWindow moveFocusTo(String id, boolean back) {
        for (int i = 0; i < 40; i++) {
            if (id.equals(focused())) {
                return this;
            }
            if (back) {
                robot.press(javafx.scene.input.KeyCode.SHIFT).type(javafx.scene.input.KeyCode.TAB)
                        .release(javafx.scene.input.KeyCode.SHIFT);
            } else {
                robot.type(javafx.scene.input.KeyCode.TAB);
            }
        }
        throw new AssertionError("the tab order" + (back ? " back" : "") + " does not reach #" + id
                + " (the focus is on #" + focused() + ")");
    }

    public ConsoleWindow waitForFocus(String id) {
        try {
            return waitFor(() -> id.equals(focused()), "the focus on #" + id);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (it is on #" + focused() + ")", e);
        }
    }

    /** The id of the control with the keyboard focus in this window's own scene (not an earlier test's window). */
    public String focused() {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                Node owner = FxToolkit.toolkitContext().getRegisteredStage().getScene().getFocusOwner();
                return owner == null ? null : owner.getId();
            }).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The wizard's band step as a clerk goes through it with a scanner: the serial typed chooses its band as it is
     * typed ("Bind this band" ready without Enter), then Enter binds it.
     */
    public ConsoleWindow chooseBandAndBind(String serial) {
        waitForVisible("#bandSerial");
        type("#bandSerial", serial);
        waitFor(() -> text("#chosenBand").contains(serial), "band " + serial + " chosen as it was typed");
        waitFor(() -> !node("#wizardNext").isDisabled(), "ready to bind");
        robot.type(javafx.scene.input.KeyCode.ENTER);
        return this;
    }

    /** Settings, the band radio's list: this kind chosen in it, not yet used. */
    @SuppressWarnings("unchecked")
    public ConsoleWindow pickRadio(com.payband.console.bands.BandTransport.Kind kind) {
        click("#nav-SETTINGS");
        waitForVisible("#bandRadio");
        javafx.scene.control.ComboBox<com.payband.console.bands.BandTransport.Kind> radio =
                (javafx.scene.control.ComboBox<com.payband.console.bands.BandTransport.Kind>) node("#bandRadio");
        robot.interact(() -> radio.setValue(kind));
        return this;
    }

    public ConsoleWindow waitForVisible(String query) {
        return waitFor(() -> exists(query), query + " visible");
    }

    /**
     * The enrollment wizard's first steps as a clerk goes through them: the sample card read on the simulated reader,
     * the consent taken; the wizard then waits for the customer's phone code.
     */
    public ConsoleWindow readCardAndTakeConsent() {
        click("#nav-ENROLL");
        waitForVisible("#placeCard");
        click("#placeCard").click("#readCard").waitForVisible("#documentAccepted");
        click("#wizardNext");
        click("#consentGiven");
        click("#wizardNext");
        return waitForVisible("#phoneCode");
    }

    /** Signs in on the sign-in form (the store already open). */
    public ConsoleWindow signIn(String user, String password) {
        waitForVisible("#username");
        type("#username", user);
        type("#password", password);
        click("#signIn");
        waitForVisible("#signedInAs");
        assertThat(text("#signedInAs")).startsWith(user);
        return this;
    }

    /**
     * Every shown label, button, column header or cell whose text the layout cut short ("Ena…"), and every table whose
     * columns run out of sight: what a member cannot read at this window's size. Each as "#id or type: full text → what
     * is shown".
     */
    public java.util.List<String> elidedTexts() {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                java.util.List<String> cut = new java.util.ArrayList<>();
                elided(FxToolkit.toolkitContext().getRegisteredStage().getScene().getRoot(), cut);
                return cut;
            }).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void elided(Node node, java.util.List<String> cut) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isBlank()) {
            String ellipsis = labeled.getEllipsisString();
            for (Node child : labeled.getChildrenUnmodifiable()) {
                if (child instanceof javafx.scene.text.Text shown && shown.isVisible() && shown.getText() != null
                        && !ellipsis.isEmpty() && shown.getText().contains(ellipsis)
                        && !labeled.getText().contains(ellipsis) && !shown.getText().equals(labeled.getText())) {
                    cut.add(describe(labeled) + ": " + labeled.getText().replace('\n', ' ') + " → "
                            + shown.getText().replace('\n', ' '));
                }
            }
        }
        if (node instanceof javafx.scene.control.TableView<?> table && table.getWidth() > 0) {
            double columns = table.getVisibleLeafColumns().stream().mapToDouble(c -> c.getWidth()).sum();
            if (columns > table.getWidth()) {
                cut.add(describe(table) + ": its columns are wider than the table (" + Math.round(columns) + " > "
                        + Math.round(table.getWidth()) + " pixels): the last ones are out of sight");
            }
        }
        if (node instanceof javafx.scene.Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                elided(child, cut);
            }
        }
    }

    private static String describe(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n.getId() != null) {
                return (n == node ? "#" : node.getClass().getSimpleName() + " in #") + n.getId();
            }
        }
        return node.getClass().getSimpleName();
    }

    @Override
    public void close() throws Exception {
        FxToolkit.cleanupApplication(application);
        FxToolkit.cleanupStages();
    }
}
