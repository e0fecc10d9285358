package com.payband.console.cli;

import com.payband.console.i18n.Messages;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffAccountView;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code staff add|list|disable|enable|roles|reset-password|unlock}: the administrator's account tools. */
@Command(name = "staff", resourceBundle = "i18n.cli")
final class StaffCommand {

    private final CliContext context;

    StaffCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "add", mixinStandardHelpOptions = true)
    int add(@Parameters(paramLabel = "NAME", descriptionKey = "staff.name") String name,
            @Option(names = "--role", paramLabel = "ROLE", split = ",", required = true, descriptionKey = "staff.role")
            List<Role> roles) throws Exception {
        return Commands.signedIn(context, (services, admin) -> {
            // refuse before asking for a password that would not be used
            services.authorizer().require(admin, com.payband.console.staff.Action.MANAGE_STAFF);
            char[] password = context.newPassword();
            try {
                StaffAccountView view = services.staff().create(admin, name, EnumSet.copyOf(roles), password);
                context.out().println(context.messages().get("staff.added", view.username(), roleNames(view.roles())));
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    int list(@Option(names = "--json", descriptionKey = "json") boolean json) throws Exception {
        return Commands.signedIn(context, (services, admin) -> {
            List<StaffAccountView> accounts = services.staff().list(admin);
            if (json) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (StaffAccountView a : accounts) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("username", a.username());
                    m.put("roles", a.roles().stream().sorted().map(Enum::name).toList());
                    m.put("enabled", a.enabled());
                    m.put("locked", a.locked());
                    m.put("mustChangePassword", a.mustChangePassword());
                    m.put("createdAt", a.createdAt().toString());
                    m.put("lastSignInAt", a.lastSignInAt().map(Object::toString).orElse(null));
                    out.add(m);
                }
                Json.print(context.out(), Map.of("staff", out));
            } else {
                Messages m = context.messages();
                List<List<String>> rows = new ArrayList<>();
                for (StaffAccountView a : accounts) {
                    rows.add(List.of(a.username(), roleNames(a.roles()),
                            m.get(a.enabled() ? (a.locked() ? "staff.state.locked" : "staff.state.enabled") : "staff.state.disabled"),
                            a.lastSignInAt().map(DateTimeFormatter.ISO_INSTANT::format).orElse("-")));
                }
                Table.print(context.out(), List.of(m.get("staff.col.name"), m.get("staff.col.roles"),
                        m.get("staff.col.state"), m.get("staff.col.lastSignIn")), rows);
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "disable", mixinStandardHelpOptions = true)
    int disable(@Parameters(paramLabel = "NAME", descriptionKey = "staff.name") String name) throws Exception {
        return Commands.signedIn(context, (services, admin) -> {
            services.staff().setEnabled(admin, name, false);
            context.out().println(context.messages().get("staff.disabled", name));
            return ExitCode.OK;
        });
    }

    @Command(name = "enable", mixinStandardHelpOptions = true)
    int enable(@Parameters(paramLabel = "NAME", descriptionKey = "staff.name") String name) throws Exception {
        return Commands.signedIn(context, (services, admin) -> {
            services.staff().setEnabled(admin, name, true);
            context.out().println(context.messages().get("staff.enabled", name));
            return ExitCode.OK;
        });
    }

    @Command(name = "roles", mixinStandardHelpOptions = true)
    int roles(@Parameters(paramLabel = "NAME", descriptionKey = "staff.name") String name,
            @Option(names = "--role", paramLabel = "ROLE", split = ",", required = true, descriptionKey = "staff.role")
            List<Role> roles) throws Exception {
        return Commands.signedIn(context, (services, admin) -> {
            services.staff().setRoles(admin, name, EnumSet.copyOf(roles));
            context.out().println(context.messages().get("staff.rolesSet", name, roleNames(EnumSet.copyOf(roles))));
            return ExitCode.OK;
        });
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true)
    int resetPassword(@Parameters(paramLabel = "NAME", descriptionKey = "staff.name") String name) throws Exception {
        return Commands.signedIn(context, (services, admin) -> {
            services.authorizer().require(admin, com.payband.console.staff.Action.MANAGE_STAFF);
            char[] password = context.newPassword();
            try {
                services.staff().resetPassword(admin, name, password);
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
            context.out().println(context.messages().get("staff.passwordReset", name));
            return ExitCode.OK;
        });
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true)
    int unlock(@Parameters(paramLabel = "NAME", descriptionKey = "staff.name") String name) throws Exception {
        return Commands.signedIn(context, (services, admin) -> {
            services.staff().unlock(admin, name);
            context.out().println(context.messages().get("staff.unlocked", name));
            return ExitCode.OK;
        });
    }

    private String roleNames(Set<Role> roles) {
        return String.join(context.messages().get("list.separator"),
                roles.stream().sorted().map(r -> context.messages().get("role." + r.name())).toList());
    }
}
