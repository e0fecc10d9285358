package com.payband.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.TestStores;
import com.payband.console.crypto.KeyVaultException;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.StoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleServicesTest {

    @TempDir
    Path dir;

    @Test
    void aNewStoreOpensAgainWithItsPassphraseAndTheAdministratorSignsIn() throws Exception {
        try (ConsoleServices services = TestStores.create(dir)) {
            assertThat(services.staff().hasStaff()).isTrue();
        }
        try (ConsoleServices services = TestStores.open(dir)) {
            StaffSession admin = TestStores.admin(services);
            assertThat(admin.username()).isEqualTo("admin");
            assertThat(services.audit().verify().intact()).isTrue();
        }
    }

    @Test
    void aWrongPassphraseDoesNotOpenTheStore() throws Exception {
        TestStores.create(dir).close();
        assertThatThrownBy(() -> ConsoleServices.open(new com.payband.console.store.DataFolder(dir),
                kind -> "not the passphrase".toCharArray(), TestStores.options(java.time.Clock.systemUTC())))
                .isInstanceOfSatisfying(KeyVaultException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyVaultException.Reason.WRONG_PASSPHRASE));
    }

    @Test
    void aSecondOpenOfTheSameFolderIsToldItIsInUse() throws Exception {
        try (ConsoleServices first = TestStores.create(dir)) {
            assertThatThrownBy(() -> TestStores.open(dir)).isInstanceOfSatisfying(StoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.IN_USE));
        }
    }
}
