package com.payband.console.cli;

import com.payband.console.i18n.Messages;
import com.payband.console.settings.Setting;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code settings list|set}: store-wide settings (set: administrators, audited). */
@Command(name = "settings", resourceBundle = "i18n.cli")
final class SettingsCommand {

    private final CliContext context;

    SettingsCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    int list() throws Exception {
        return Commands.signedIn(context, (services, staff) -> {
            Messages m = context.messages();
            Table.print(context.out(), List.of(m.get("settings.col.name"), m.get("settings.col.value"),
                    m.get("settings.col.description")), Arrays.stream(Setting.values())
                    .map(s -> List.of(s.name(), services.settings().get(s), m.get("setting." + s.name()))).toList());
            return ExitCode.OK;
        });
    }

    @Command(name = "set", mixinStandardHelpOptions = true)
    int set(@Parameters(index = "0", paramLabel = "NAME", descriptionKey = "settings.name") Setting setting,
            @Parameters(index = "1", paramLabel = "VALUE", descriptionKey = "settings.value") String value) throws Exception {
        return Commands.signedIn(context, (services, staff) -> {
            if (!setting.accepts(value)) {
                throw new CliFailure(ExitCode.REFUSED, "error.settings.invalid", setting.name(), value);
            }
            services.settings().set(staff, setting, value);
            context.out().println(context.messages().get("settings.set", setting.name(), value.trim()));
            return ExitCode.OK;
        });
    }
}
