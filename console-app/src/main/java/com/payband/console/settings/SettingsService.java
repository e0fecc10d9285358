package com.payband.console.settings;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.Database;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads settings for everyone, changes them for administrators (audited, with old and new value). */
public final class SettingsService {

    private final Database database;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final Clock clock;
    private final Map<Setting, String> cache = new ConcurrentHashMap<>();

    public SettingsService(Database database, AuditTrail audit, Authorizer authorizer, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /**
     * The setting's value. Kept once read: only this service writes settings, and the folder lock keeps
     * every other process out of the store, so the copy is current (registration reads the minimum age
     * at every customer, which was a transaction each).
     */
    public String get(Setting setting) {
        return cache.computeIfAbsent(setting, k -> database.inTransaction(s -> {
            ConsoleSetting stored = s.find(ConsoleSetting.class, k.name());
            return stored == null ? k.defaultValue() : stored.value();
        }));
    }

    public int getInt(Setting setting) {
        return Integer.parseInt(get(setting).trim());
    }

    public void set(StaffSession admin, Setting setting, String value) {
        authorizer.require(admin, Action.CHANGE_SETTINGS);
        if (!setting.accepts(value)) {
            throw new IllegalArgumentException(setting.name());
        }
        String clean = value.trim();
        database.runInTransaction(s -> {
            ConsoleSetting stored = s.find(ConsoleSetting.class, setting.name());
            String old = stored == null ? setting.defaultValue() : stored.value();
            if (stored == null) {
                s.persist(new ConsoleSetting(setting.name(), clean, clock.instant()));
            } else {
                stored.set(clean, clock.instant());
            }
            audit.append(s, admin.actor(), AuditAction.SETTINGS_CHANGED, Outcome.SUCCESS, new Target("setting", setting.name()),
                    null, old + " -> " + clean);
        });
        cache.put(setting, clean);
    }
}
