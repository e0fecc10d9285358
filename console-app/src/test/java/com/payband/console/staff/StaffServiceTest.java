package com.payband.console.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.MutableClock;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditEvent;
import com.payband.console.audit.AuditQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in, lock-out and the administrator's tools against a real store. */
class StaffServiceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    private ConsoleServices services;
    private StaffSession admin;

    @BeforeEach
    void open() throws Exception {
        services = TestStores.create(dir, clock);
        admin = TestStores.admin(services);
    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void thereIsNoSecondFirstAdministrator() {
        assertThatThrownBy(() -> services.staff().createFirstAdministrator("root", "another long password".toCharArray()))
                .isInstanceOfSatisfying(StaffException.class,
                        e -> assertThat(e.reason()).isEqualTo(StaffException.Reason.ADMINISTRATOR_EXISTS));
    }

    @Test
    void unknownNamesAndWrongPasswordsLookTheSame() {
        SignInException unknown = catchSignIn("nobody", "whatever password");
        SignInException wrong = catchSignIn(TestStores.ADMIN, "wrong password 123");
        assertThat(unknown.reason()).isEqualTo(wrong.reason()).isEqualTo(SignInException.Reason.WRONG_CREDENTIALS);
        assertThat(unknown.getMessage()).isEqualTo(wrong.getMessage());
        assertThat(events(AuditAction.SIGN_IN_FAILED)).extracting(AuditEvent::actorName)
                .containsExactly("unknown-account", TestStores.ADMIN);
    }

    @Test
    void fiveFailuresLockTheAccountForFifteenMinutesAndAnAdministratorCanUnlockIt() throws Exception {
        TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        for (int i = 0; i < StaffAccount.MAX_FAILED_SIGN_INS; i++) {
            assertThat(catchSignIn("clerk", "wrong password 123").reason()).isEqualTo(SignInException.Reason.WRONG_CREDENTIALS);
        }
        SignInException locked = catchSignIn("clerk", TestStores.passwordOf("clerk"));
        assertThat(locked.reason()).isEqualTo(SignInException.Reason.LOCKED);
        assertThat(locked.lockedUntil()).contains(clock.instant().plus(StaffAccount.LOCK_OUT));
        assertThat(events(AuditAction.ACCOUNT_LOCKED)).hasSize(1);

        clock.advance(StaffAccount.LOCK_OUT.minusSeconds(1));
        assertThat(catchSignIn("clerk", TestStores.passwordOf("clerk")).reason()).isEqualTo(SignInException.Reason.LOCKED);
        clock.advance(Duration.ofSeconds(2));
        assertThat(services.staff().signIn("clerk", TestStores.passwordOf("clerk").toCharArray()).username()).isEqualTo("clerk");

        for (int i = 0; i < StaffAccount.MAX_FAILED_SIGN_INS; i++) {
            catchSignIn("clerk", "wrong password 123");
        }
        services.staff().unlock(admin, "clerk");
        assertThat(services.staff().signIn("clerk", TestStores.passwordOf("clerk").toCharArray()).username()).isEqualTo("clerk");
    }

    @Test
    void aSuccessfulSignInResetsTheFailureCount() throws Exception {
        TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < StaffAccount.MAX_FAILED_SIGN_INS - 1; i++) {
                catchSignIn("clerk", "wrong password 123");
            }
            services.staff().signIn("clerk", TestStores.passwordOf("clerk").toCharArray());
        }
    }

    @Test
    void aDisabledAccountCannotSignInAndTheLastAdministratorStays() throws Exception {
        TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        services.staff().setEnabled(admin, "clerk", false);
        assertThat(catchSignIn("clerk", TestStores.passwordOf("clerk")).reason()).isEqualTo(SignInException.Reason.DISABLED);
        services.staff().setEnabled(admin, "clerk", true);
        services.staff().signIn("clerk", TestStores.passwordOf("clerk").toCharArray());

        assertThatThrownBy(() -> services.staff().setEnabled(admin, TestStores.ADMIN, false))
                .isInstanceOfSatisfying(StaffException.class,
                        e -> assertThat(e.reason()).isEqualTo(StaffException.Reason.CANNOT_DISABLE_SELF));
        assertThatThrownBy(() -> services.staff().setRoles(admin, TestStores.ADMIN, Set.of(Role.AUDITOR)))
                .isInstanceOfSatisfying(StaffException.class,
                        e -> assertThat(e.reason()).isEqualTo(StaffException.Reason.LAST_ADMINISTRATOR));
        TestStores.staff(services, "second-admin", Role.ADMIN);
        services.staff().setRoles(admin, TestStores.ADMIN, Set.of(Role.AUDITOR));
    }

    @Test
    void weakPasswordsAreRefusedWithTheirReasons() {
        assertThatThrownBy(() -> services.staff().create(admin, "clerk", Set.of(Role.RETAIL_STAFF), "abab".toCharArray()))
                .isInstanceOfSatisfying(PasswordPolicyException.class, e -> assertThat(e.violations())
                        .contains(PasswordPolicy.Violation.TOO_SHORT, PasswordPolicy.Violation.TOO_FEW_DISTINCT_CHARACTERS));
        assertThat(PasswordPolicy.check("clerk", "my clerk password".toCharArray()))
                .containsExactly(PasswordPolicy.Violation.CONTAINS_USERNAME);
        assertThat(PasswordPolicy.check("clerk", "Password1234".toCharArray()))
                .containsExactly(PasswordPolicy.Violation.TOO_COMMON);
        assertThat(PasswordPolicy.check("clerk", "一个足够长的中文密码短语吧".toCharArray())).isEmpty();
        assertThat(PasswordPolicy.check("clerk", "correct horse battery".toCharArray())).isEmpty();
    }

    @Test
    void anAdministratorResetMustBeFollowedByTheOwnersOwnPassword() throws Exception {
        TestStores.staff(services, "clerk", Role.RETAIL_STAFF);
        services.staff().resetPassword(admin, "clerk", "temporary password 1".toCharArray());
        StaffSession clerk = services.staff().signIn("clerk", "temporary password 1".toCharArray());
        assertThat(clerk.mustChangePassword()).isTrue();
        assertThatThrownBy(() -> services.staff().changeOwnPassword(clerk, "temporary password 1".toCharArray(),
                "temporary password 1".toCharArray()))
                .isInstanceOfSatisfying(PasswordPolicyException.class,
                        e -> assertThat(e.violations()).containsExactly(PasswordPolicy.Violation.SAME_AS_CURRENT));
        assertThatThrownBy(() -> services.staff().changeOwnPassword(clerk, "not my password".toCharArray(),
                "brand new password 2".toCharArray())).isInstanceOf(SignInException.class);
        services.staff().changeOwnPassword(clerk, "temporary password 1".toCharArray(), "brand new password 2".toCharArray());
        assertThat(services.staff().signIn("clerk", "brand new password 2".toCharArray()).mustChangePassword()).isFalse();
        assertThat(catchSignIn("clerk", "temporary password 1").reason()).isEqualTo(SignInException.Reason.WRONG_CREDENTIALS);
    }

    @Test
    void accountNamesAreHandlesNotFreeText() {
        for (String bad : List.of("a", "张伟", "with space", "x".repeat(65), "Robert'); DROP TABLE--")) {
            assertThatThrownBy(() -> services.staff().create(admin, bad, Set.of(Role.AUDITOR), "long enough password".toCharArray()))
                    .as(bad).isInstanceOfSatisfying(StaffException.class,
                            e -> assertThat(e.reason()).isEqualTo(StaffException.Reason.INVALID_USERNAME));
        }
        assertThat(StaffService.validUsername("Clerk-03")).isTrue();
    }

    @Test
    void passwordHashesAreArgon2idStringsThatVerifyOnlyTheirPassword() {
        PasswordHasher hasher = new PasswordHasher(com.payband.console.crypto.Argon2id.MINIMUM);
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.hash("correct horse battery".toCharArray())).isNotEqualTo(hash);
        assertThat(hasher.verify("correct horse battery".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify("correct horse battery".toCharArray(), "$argon2id$garbage")).isFalse();
        assertThat(new PasswordHasher(com.payband.console.crypto.Argon2id.PASSWORDS).needsRehash(hash)).isTrue();
        assertThat(hasher.needsRehash(hash)).isFalse();
        // a stronger hash is brought to today's cost too: every check then takes as long as the decoy's
        String stronger = new PasswordHasher(new com.payband.console.crypto.Argon2id(64 * 1024, 3, 1))
                .hash("correct horse battery".toCharArray());
        assertThat(hasher.needsRehash(stronger)).isTrue();
    }

    private SignInException catchSignIn(String name, String password) {
        try {
            services.staff().signIn(name, password.toCharArray());
        } catch (SignInException e) {
            return e;
        }
        throw new AssertionError("sign-in of " + name + " should have failed");
    }

    private List<AuditEvent> events(AuditAction action) {
        List<AuditEvent> events = new ArrayList<>();
        services.audit().forEach(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action),
                Integer.MAX_VALUE), events::add);
        return events;
    }
}
