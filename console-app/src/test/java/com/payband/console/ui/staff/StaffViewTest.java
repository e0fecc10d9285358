package com.payband.console.ui.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffAccountView;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import java.nio.file.Path;
import javafx.scene.control.Labeled;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The staff screen on its own in a window (headless): the form, the keyboard, the confirmation. */
class StaffViewTest {

    private static final String INITIAL = "an initial password 4 the clerk";

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private ConsoleServices services;
    private ConsoleContext context;

    @BeforeEach
    void show() throws Exception {
        services = TestStores.create(dir);
        context = UiTestContexts.open(dir, services, TestStores.admin(services));
        UiTestContexts.show(() -> new StaffView(context));
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        context.close();
    }

    @Test
    void enterInTheNewAccountFormCreatesTheAccount() throws Exception {
        robot.clickOn("#newStaffName").write("clerk9");
        robot.clickOn("#newStaffRole-RETAIL_STAFF");
        PasswordField password = robot.lookup("#newStaffPassword").queryAs(PasswordField.class);
        PasswordField repeat = robot.lookup("#newStaffPasswordRepeat").queryAs(PasswordField.class);
        WaitForAsyncUtils.asyncFx(() -> {
            password.setText(INITIAL);
            repeat.setText(INITIAL);
        }).get(); // typed out, a long password only slows the test
        robot.clickOn(repeat).type(KeyCode.ENTER);

        assertThat(table().getItems()).extracting(StaffAccountView::username).contains("clerk9");
        assertThat(text("#staffNotice")).contains("clerk9").contains("Retail staff");
        assertThat(text("#selectedStaffName")).isEqualTo("clerk9");
        assertThat(table().getItems().stream().filter(a -> a.username().equals("clerk9")).findFirst().orElseThrow()
                .roles()).containsExactly(Role.RETAIL_STAFF);
    }

    @Test
    void disablingAsksFirstAndARefusalIsShownInWords() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> table().getSelectionModel().select(0)).get();
        assertThat(text("#selectedStaffName")).isEqualTo(TestStores.ADMIN);

        robot.clickOn("#disableStaff");
        robot.clickOn("#confirmDisable");

        assertThat(text("#staffProblem")).isEqualTo("You cannot disable your own account.");
        assertThat(table().getItems().get(0).enabled()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private TableView<StaffAccountView> table() {
        return robot.lookup("#staffTable").queryAs(TableView.class);
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Labeled.class).getText();
    }
}
