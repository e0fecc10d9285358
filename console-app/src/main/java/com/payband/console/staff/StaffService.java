package com.payband.console.staff;

import com.payband.console.audit.Actor;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.Session;

/** Staff accounts: the first administrator, sign-in with lock-out, and the administrator's tools. */
public final class StaffService {

    /** Staff handles: letters, digits, dot, dash, underscore; no spaces, no personal names required. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    private final Database database;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final PasswordHasher hasher;
    private final Clock clock;

    public StaffService(Database database, AuditTrail audit, Authorizer authorizer, PasswordHasher hasher, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.hasher = hasher;
        this.clock = clock;
    }

    public static String normaliseUsername(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean validUsername(String username) {
        return USERNAME.matcher(normaliseUsername(username)).matches();
    }

    public boolean hasStaff() {
        return database.inTransaction(s -> s.createSelectionQuery("select count(a) from StaffAccount a", Long.class)
                .getSingleResult() > 0);
    }

    /** The first administrator of a new store; refused once any account exists (no defaults, no back door). */
    public StaffAccountView createFirstAdministrator(String username, char[] password)
            throws PasswordPolicyException, StaffException {
        String name = checkedUsername(username);
        checkPolicy(name, password);
        String hash = hasher.hash(password);
        StaffAccountView created = database.inTransaction(s -> {
            Long count = s.createSelectionQuery("select count(a) from StaffAccount a", Long.class).getSingleResult();
            if (count > 0) {
                return null;
            }
            StaffAccount admin = new StaffAccount(UUID.randomUUID(), name, hash, Set.of(Role.ADMIN), clock.instant(), false);
            s.persist(admin);
            audit.append(s, new Actor(admin.id(), name), AuditAction.ADMINISTRATOR_CREATED, Outcome.SUCCESS,
                    Target.staff(name), null, null);
            return StaffAccountView.of(admin, clock.instant());
        });
        if (created == null) {
            throw new StaffException(StaffException.Reason.ADMINISTRATOR_EXISTS, name);
        }
        return created;
    }

    /**
     * Runs sign-in's work without signing anyone in or recording anything: the account query and decoy
     * password checks, so that the JIT and H2's caches are warm when the first person signs in (the
     * window calls it as its store opens, while the sign-in form is being filled in).
     */
    public void warmUp() {
        database.inTransaction(s -> byUsername(s, ""));
        // sign-in's update of the account made and rolled back: the first real one is then not the JVM's first
        // (not its audit event: that would hold the audit chain's lock against anyone else's append meanwhile)
        database.dryRun(s -> s.createSelectionQuery("from StaffAccount a order by a.username", StaffAccount.class)
                .setMaxResults(1).uniqueResultOptional().ifPresent(a -> a.recordSignIn(clock.instant())));
        // the decoy's hash made now, not at the first sign-in of an unknown name (the window also compiles
        // Argon2id's code beside the store's start: its first run in a JVM takes ~5x its fourth)
        hasher.verifyDecoy(new char[] {'x'});
    }

    public StaffSession signIn(String username, char[] password) throws SignInException {
        String name = normaliseUsername(username);
        Instant now = clock.instant();
        Optional<StaffAccount> found = database.inTransaction(s -> byUsername(s, name));
        if (found.isEmpty()) {
            hasher.verifyDecoy(password);
            audit.record(Actor.UNKNOWN_ACCOUNT, AuditAction.SIGN_IN_FAILED, Outcome.FAILED, null, "WRONG_CREDENTIALS", null);
            throw new SignInException(SignInException.Reason.WRONG_CREDENTIALS, null);
        }
        StaffAccount account = found.get();
        Actor actor = new Actor(account.id(), account.username());
        if (!account.enabled()) {
            hasher.verifyDecoy(password);
            audit.record(actor, AuditAction.SIGN_IN_FAILED, Outcome.DENIED, Target.staff(name), "DISABLED", null);
            throw new SignInException(SignInException.Reason.DISABLED, null);
        }
        Optional<Instant> locked = account.lockedUntil(now);
        if (locked.isPresent()) {
            hasher.verifyDecoy(password);
            audit.record(actor, AuditAction.SIGN_IN_FAILED, Outcome.DENIED, Target.staff(name), "LOCKED", null);
            throw new SignInException(SignInException.Reason.LOCKED, locked.get());
        }
        boolean matches = hasher.verify(password, account.passwordHash());
        String rehash = matches && hasher.needsRehash(account.passwordHash()) ? hasher.hash(password) : null;
        StaffSession session = database.inTransaction(s -> {
            StaffAccount fresh = s.find(StaffAccount.class, account.id());
            if (!matches) {
                boolean nowLocked = fresh.recordFailedSignIn(now);
                audit.append(s, actor, AuditAction.SIGN_IN_FAILED, Outcome.FAILED, Target.staff(name), "WRONG_CREDENTIALS", null);
                if (nowLocked) {
                    audit.append(s, Actor.SYSTEM, AuditAction.ACCOUNT_LOCKED, Outcome.SUCCESS, Target.staff(name),
                            null, "after " + StaffAccount.MAX_FAILED_SIGN_INS + " failed sign-ins");
                }
                return null;
            }
            fresh.recordSignIn(now);
            if (rehash != null) {
                fresh.changePassword(rehash, fresh.mustChangePassword());
            }
            audit.append(s, actor, AuditAction.SIGN_IN, Outcome.SUCCESS, Target.staff(name), null, null);
            return new StaffSession(fresh.id(), fresh.username(), fresh.roles(), now, fresh.mustChangePassword());
        });
        if (session == null) {
            throw new SignInException(SignInException.Reason.WRONG_CREDENTIALS, null);
        }
        return session;
    }

    public StaffAccountView create(StaffSession admin, String username, Set<Role> roles, char[] initialPassword)
            throws PasswordPolicyException, StaffException {
        authorizer.require(admin, Action.MANAGE_STAFF);
        String name = checkedUsername(username);
        if (roles.isEmpty()) {
            throw new StaffException(StaffException.Reason.NO_ROLE, name);
        }
        checkPolicy(name, initialPassword);
        String hash = hasher.hash(initialPassword);
        StaffAccountView view = database.inTransaction(s -> {
            if (byUsername(s, name).isPresent()) {
                return null;
            }
            // A password the administrator chose is known to two people: the owner changes it at first sign-in.
            StaffAccount account = new StaffAccount(UUID.randomUUID(), name, hash, roles, clock.instant(), true);
            s.persist(account);
            audit.append(s, admin.actor(), AuditAction.STAFF_CREATED, Outcome.SUCCESS, Target.staff(name), null,
                    "roles " + sorted(roles));
            return StaffAccountView.of(account, clock.instant());
        });
        if (view == null) {
            throw new StaffException(StaffException.Reason.USERNAME_TAKEN, name);
        }
        return view;
    }

    public List<StaffAccountView> list(StaffSession admin) {
        authorizer.require(admin, Action.MANAGE_STAFF);
        Instant now = clock.instant();
        return database.inTransaction(s -> s.createSelectionQuery("from StaffAccount a order by a.username", StaffAccount.class)
                .getResultList().stream().map(a -> StaffAccountView.of(a, now)).toList());
    }

    public void setEnabled(StaffSession admin, String username, boolean enabled) throws StaffException {
        authorizer.require(admin, Action.MANAGE_STAFF);
        String name = normaliseUsername(username);
        if (!enabled && name.equals(admin.username())) {
            throw new StaffException(StaffException.Reason.CANNOT_DISABLE_SELF, name);
        }
        modify(admin, name, account -> {
            if (!enabled && account.roles().contains(Role.ADMIN)) {
                requireAnotherAdministrator(account);
            }
            account.setEnabled(enabled);
        }, enabled ? AuditAction.STAFF_ENABLED : AuditAction.STAFF_DISABLED, null);
    }

    public void setRoles(StaffSession admin, String username, Set<Role> roles) throws StaffException {
        authorizer.require(admin, Action.MANAGE_STAFF);
        if (roles.isEmpty()) {
            throw new StaffException(StaffException.Reason.NO_ROLE, username);
        }
        String name = normaliseUsername(username);
        modify(admin, name, account -> {
            if (account.roles().contains(Role.ADMIN) && !roles.contains(Role.ADMIN)) {
                requireAnotherAdministrator(account);
            }
            account.setRoles(roles);
        }, AuditAction.STAFF_ROLES_CHANGED, "roles " + sorted(roles));
    }

    public void resetPassword(StaffSession admin, String username, char[] newPassword)
            throws StaffException, PasswordPolicyException {
        authorizer.require(admin, Action.MANAGE_STAFF);
        String name = normaliseUsername(username);
        checkPolicy(name, newPassword);
        String hash = hasher.hash(newPassword);
        modify(admin, name, account -> account.changePassword(hash, true), AuditAction.STAFF_PASSWORD_RESET, null);
    }

    public void unlock(StaffSession admin, String username) throws StaffException {
        authorizer.require(admin, Action.MANAGE_STAFF);
        modify(admin, normaliseUsername(username), StaffAccount::unlock, AuditAction.STAFF_UNLOCKED, null);
    }

    /** Any signed-in member of staff changes their own password, knowing the current one. */
    public void changeOwnPassword(StaffSession session, char[] currentPassword, char[] newPassword)
            throws SignInException, PasswordPolicyException {
        checkPolicy(session.username(), newPassword);
        StaffAccount account = database.inTransaction(s -> s.find(StaffAccount.class, session.staffId()));
        if (account == null || !hasher.verify(currentPassword, account.passwordHash())) {
            audit.record(session.actor(), AuditAction.PASSWORD_CHANGED, Outcome.FAILED, Target.staff(session.username()),
                    "WRONG_CREDENTIALS", null);
            throw new SignInException(SignInException.Reason.WRONG_CREDENTIALS, null);
        }
        if (Arrays.equals(currentPassword, newPassword)) {
            throw new PasswordPolicyException(List.of(PasswordPolicy.Violation.SAME_AS_CURRENT));
        }
        String hash = hasher.hash(newPassword);
        try {
            database.runInTransaction(s -> {
                s.find(StaffAccount.class, session.staffId()).changePassword(hash, false);
                audit.append(s, session.actor(), AuditAction.PASSWORD_CHANGED, Outcome.SUCCESS,
                        Target.staff(session.username()), null, null);
            });
        } finally {
            authorizer.accountsChanged();
        }
    }

    private interface Change {
        void apply(StaffAccount account) throws StaffException;
    }

    private void modify(StaffSession admin, String name, Change change, AuditAction action, String detail)
            throws StaffException {
        StaffException[] failure = new StaffException[1];
        try {
            database.runInTransaction(s -> {
                Optional<StaffAccount> account = byUsername(s, name);
                if (account.isEmpty()) {
                    failure[0] = new StaffException(StaffException.Reason.NO_SUCH_ACCOUNT, name);
                    return;
                }
                try {
                    change.apply(account.get());
                } catch (StaffException e) {
                    failure[0] = e;
                    return;
                }
                audit.append(s, admin.actor(), action, Outcome.SUCCESS, Target.staff(name), null, detail);
            });
        } finally {
            authorizer.accountsChanged();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** The store must always keep one enabled administrator, or nobody could manage it again. */
    private void requireAnotherAdministrator(StaffAccount leaving) throws StaffException {
        long others = database.inTransaction(s -> s.createSelectionQuery(
                        "from StaffAccount a where a.enabled = true and a.id <> :id", StaffAccount.class)
                .setParameter("id", leaving.id()).getResultList().stream()
                .filter(a -> a.roles().contains(Role.ADMIN)).count());
        if (others == 0) {
            throw new StaffException(StaffException.Reason.LAST_ADMINISTRATOR, leaving.username());
        }
    }

    private static Optional<StaffAccount> byUsername(Session s, String name) {
        return s.createSelectionQuery("from StaffAccount a where a.username = :name", StaffAccount.class)
                .setParameter("name", name).uniqueResultOptional();
    }

    private static String checkedUsername(String username) throws StaffException {
        String name = normaliseUsername(username);
        if (!USERNAME.matcher(name).matches()) {
            throw new StaffException(StaffException.Reason.INVALID_USERNAME, "");
        }
        return name;
    }

    private static void checkPolicy(String username, char[] password) throws PasswordPolicyException {
        List<PasswordPolicy.Violation> violations = PasswordPolicy.check(username, password);
        if (!violations.isEmpty()) {
            throw new PasswordPolicyException(violations);
        }
    }

    private static String sorted(Set<Role> roles) {
        return roles.stream().sorted(Comparator.naturalOrder()).map(Enum::name).toList().toString();
    }
}
