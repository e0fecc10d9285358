package com.payband.console.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.staff.Role;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.UiTestContexts;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The audit screen on its own in a window (headless), as an auditor uses it. */
class AuditViewTest {

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private ConsoleContext context;

    @BeforeEach
    void show() throws Exception {
        ConsoleServices services = TestStores.create(dir);
        TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        context = UiTestContexts.open(dir, services, TestStores.staff(services, "auditor", Role.AUDITOR));
        UiTestContexts.show(() -> new AuditView(context));
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        context.close();
    }

    @Test
    void theTrailIsListedAndTheActionFilterNarrowsIt() throws Exception {
        assertThat(table().getItems()).isNotEmpty();
        int all = table().getItems().size();
        ComboBox<AuditAction> action = robot.lookup("#auditAction").queryAs(ComboBox.class);
        WaitForAsyncUtils.asyncFx(() -> action.setValue(AuditAction.STAFF_CREATED)).get();

        robot.clickOn("#auditSearch");

        assertThat(table().getItems()).hasSize(2).hasSizeLessThan(all)
                .allSatisfy(e -> assertThat(e.action()).isEqualTo(AuditAction.STAFF_CREATED));
        assertThat(text("#auditSummary")).isEqualTo("2 matching events, newest first.");
    }

    @Test
    void verifyingShowsAnIntactChainPlainly() {
        robot.clickOn("#auditVerify");

        Label result = robot.lookup("#auditVerification").queryAs(Label.class);
        assertThat(result.getText()).startsWith("Audit trail intact:");
        assertThat(result.getStyleClass()).contains("ok").doesNotContain("problem");
        assertThat(robot.lookup("#auditExport").query().isDisabled()).isFalse();
    }

    @SuppressWarnings("unchecked")
    private TableView<AuditEvent> table() {
        return robot.lookup("#auditTable").queryAs(TableView.class);
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Labeled.class).getText();
    }
}
