package com.payband.console.cli;

import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.StaffSession;
import picocli.CommandLine.Command;

/** {@code password change}: a member of staff changes their own password (required after a reset). */
@Command(name = "password", resourceBundle = "i18n.cli")
final class PasswordCommand {

    private final CliContext context;

    PasswordCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "change", mixinStandardHelpOptions = true)
    int change() throws Exception {
        try (ConsoleServices services = context.openStore()) {
            String name = context.staffName();
            char[] current = context.currentPassword();
            StaffSession session = services.staff().signIn(name, current);
            char[] next = context.newPassword();
            try {
                services.staff().changeOwnPassword(session, current, next);
            } finally {
                java.util.Arrays.fill(current, '\0');
                java.util.Arrays.fill(next, '\0');
            }
            context.out().println(context.messages().get("password.changed", session.username()));
            return ExitCode.OK;
        }
    }
}
