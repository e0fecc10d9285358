package com.payband.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Page;
import com.payband.console.ui.UiTestContexts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The navigation shows each role only what it may use (the services refuse the rest anyway). */
class PagesByRoleTest {

    @TempDir
    Path dir;

    @Test
    void eachRoleSeesItsPages() throws Exception {
        try (ConsoleServices services = TestStores.create(dir)) {
            assertThat(pages(services, "clerk", Role.RETAIL_STAFF)).containsExactly(Page.HOME, Page.ENROLL, Page.CUSTOMERS, Page.SUPPORT,
                    Page.SETTINGS);
            assertThat(pages(services, "agent", Role.SUPPORT_AGENT)).containsExactly(Page.HOME, Page.ENROLL, Page.CUSTOMERS, Page.SUPPORT,
                    Page.SETTINGS);
            assertThat(pages(services, "tech", Role.FIELD_TECHNICIAN)).containsExactly(Page.HOME, Page.SETTINGS);
            assertThat(pages(services, "auditor", Role.AUDITOR)).containsExactly(Page.HOME, Page.AUDIT, Page.SETTINGS);
            assertThat(new ShellViewModel(context(services), TestStores.admin(services)).pages())
                    .containsExactly(Page.HOME, Page.STAFF, Page.AUDIT, Page.BACKUPS, Page.SETTINGS);
        }
    }

    @Test
    void aPageOutsideTheRoleDoesNotOpen() throws Exception {
        try (ConsoleServices services = TestStores.create(dir)) {
            StaffSession tech = TestStores.staff(services, "tech", Role.FIELD_TECHNICIAN);
            ShellViewModel shell = new ShellViewModel(context(services), tech);
            assertThat(shell.open(Page.ENROLL)).isFalse();
            assertThat(shell.current().get()).isEqualTo(Page.HOME);
            assertThat(shell.who()).isEqualTo("tech · Field technician");
        }
    }

    private java.util.List<Page> pages(ConsoleServices services, String name, Role role) throws Exception {
        return new ShellViewModel(context(services), TestStores.staff(services, name, role)).pages();
    }

    private ConsoleContext context(ConsoleServices services) {
        return UiTestContexts.open(dir, services, null);
    }
}
