package com.payband.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A locked console shows nothing of what was on screen: not a revealed identity, not the name an
 * enrollment read. The window's whole scene graph is searched for the customer's name, number and
 * address while locked; the same member then comes back where they were, with the reveal forgotten.
 */
class LockedConsoleTest {

    private static final String NAME = "张伟";
    private static final String NUMBER = "110101198803150111";
    private static final String ADDRESS = "景山前街";

    @TempDir
    Path dir;

    private ConsoleWindow window;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    @Test
    void lockingHidesEveryPageAndForgetsWhatWasRevealed() throws Exception {
        ConsoleServices services = TestStores.create(dir);
        var clerk = TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        TestStores.customer(services, clerk, "zhang-wei");
        window = ConsoleWindow.on(services).signIn("clerk", TestStores.passwordOf("clerk"));

        window.click("#nav-CUSTOMERS");
        window.type("#customerQuery", NUMBER).click("#customerSearch");
        window.waitForVisible("#revealCustomer");
        window.click("#revealCustomer");
        window.waitForVisible("#revealedIdentity");
        assertThat(sceneText()).as("the reveal is on screen before the lock").contains(NAME).contains(ADDRESS);

        window.click("#lock");
        window.waitForVisible("#password");
        assertThat(window.text("#signInExplained")).as("who locked it, and why").startsWith("clerk locked the console.");
        assertThat(sceneText()).doesNotContain(NAME).doesNotContain(NUMBER).doesNotContain(ADDRESS);
        assertThat(window.exists("#nav-CUSTOMERS")).as("nothing of the shell can be reached behind the lock").isFalse();

        window.type("#password", TestStores.passwordOf("clerk")).click("#signIn");
        window.waitForVisible("#customerName");
        assertThat(window.exists("#revealedIdentity")).as("the reveal was forgotten").isFalse();
        assertThat(window.text("#customerName")).doesNotContain(NAME);

        // the wizard, with the card just read (the name in full for the clerk who holds the card)
        window.click("#nav-ENROLL");
        window.waitForVisible("#placeCard");
        window.click("#placeCard").click("#readCard").waitForVisible("#documentAccepted");
        assertThat(sceneText()).contains(NAME);
        window.click("#lock");
        window.waitForVisible("#password");
        assertThat(sceneText()).doesNotContain(NAME).doesNotContain(ADDRESS);
        window.type("#password", TestStores.passwordOf("clerk")).click("#signIn");
        window.waitFor(() -> window.exists("#documentAccepted"), "back in the wizard where the clerk was");
    }

    @Test
    void theThemeButtonSaysWhatItWillDoAndAnIdleLockSaysHowLongItWaited() throws Exception {
        ConsoleServices services = TestStores.create(dir);
        TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        com.payband.console.MutableClock clock = new com.payband.console.MutableClock(java.time.Instant.now());
        window = ConsoleWindow.on(services, clock).signIn("clerk", TestStores.passwordOf("clerk"));
        assertThat(window.text("#darkTheme")).isEqualTo("Dark");
        window.click("#darkTheme");
        window.waitFor(() -> window.text("#darkTheme").equals("Light"), "now it offers the light theme");
        window.click("#darkTheme");
        window.waitFor(() -> window.text("#darkTheme").equals("Dark"), "and back");

        // the console locks itself after the idle time, and says so
        window.context().idleLockMinutes().set(5);
        clock.advance(java.time.Duration.ofMinutes(6));
        window.waitFor(() -> window.exists("#signInExplained") && window.exists("#password"), "locked by itself");
        assertThat(window.text("#signInExplained")).startsWith("Locked after 5 minutes without use. clerk signs in");
    }

    /** Every text of the window's scene graph, visible or not. */
    private String sceneText() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> {
            List<String> texts = new ArrayList<>();
            collect(org.testfx.api.FxToolkit.toolkitContext().getRegisteredStage().getScene().getRoot(), texts);
            return String.join("\n", texts);
        }).get();
    }

    private static void collect(Node node, List<String> texts) {
        if (node instanceof Labeled l && l.getText() != null) {
            texts.add(l.getText());
        } else if (node instanceof TextInputControl t && t.getText() != null) {
            texts.add(t.getText());
        } else if (node instanceof Text t && t.getText() != null) {
            texts.add(t.getText());
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(child -> collect(child, texts));
        }
    }
}
