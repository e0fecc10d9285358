package com.payband.console.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payband.console.RawDatabase;
import com.payband.console.TestCounter;
import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.crypto.TamperedDataException;
import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer's identity is sealed (AES-GCM) and bound to its row: a changed byte, or a sealed value
 * moved to another customer, is refused as tampered, never opened into something else.
 */
class SealedIdentityTamperTest {

    private static final String CLERK = "clerk";

    @TempDir
    Path dir;

    private final Map<String, UUID> customers = new LinkedHashMap<>();

    @BeforeEach
    void storeWithCustomers() throws Exception {
        try (ConsoleServices services = TestStores.create(dir)) {
            StaffSession clerk = TestCounter.staff(services, CLERK, Role.RETAIL_STAFF);
            for (String sample : new String[] {"zhang-wei", "ayigul", "passport-anna", "passport-unchecked"}) {
                customers.put(sample, TestCounter.register(services, clerk, sample).customerId());
            }
        }
    }

    @Test
    void aFlippedByteAnywhereInASealedIdentityFailsAsTampered() throws Exception {
        try (RawDatabase db = RawDatabase.open(dir)) {
            flip(db, customers.get("ayigul"), sealed -> 5); // in the nonce
            flip(db, customers.get("passport-anna"), sealed -> sealed / 2); // in the ciphertext
            flip(db, customers.get("passport-unchecked"), sealed -> sealed - 1); // in the tag
        }

        try (ConsoleServices services = TestStores.open(dir)) {
            StaffSession clerk = TestCounter.signIn(services, CLERK);
            for (String sample : new String[] {"ayigul", "passport-anna", "passport-unchecked"}) {
                assertThatThrownBy(() -> services.customers().reveal(clerk, customers.get(sample)))
                        .as(sample).isInstanceOf(TamperedDataException.class);
                String number = TestCounter.document(sample).documentNumber();
                assertThatThrownBy(() -> services.customers().findByDocumentNumber(clerk, number))
                        .as(sample).isInstanceOf(TamperedDataException.class);
            }
            // the untouched customer still opens
            assertThat(services.customers().reveal(clerk, customers.get("zhang-wei")).fullName()).isEqualTo("张伟");
        }
    }

    @Test
    void aSealedIdentityCopiedIntoAnotherCustomersRowDoesNotOpenThere() throws Exception {
        UUID zhang = customers.get("zhang-wei");
        UUID ayigul = customers.get("ayigul");
        try (RawDatabase db = RawDatabase.open(dir)) {
            // the whole searchable face of zhang-wei's row, moved onto ayigul's id
            assertThat(db.update("UPDATE customer SET (identity, name_index, name_index_alt, document_number_index) = "
                    + "(SELECT identity, name_index, name_index_alt, document_number_index FROM customer WHERE id = ?) "
                    + "WHERE id = ?", zhang, ayigul)).isEqualTo(1);
            assertThat(db.queryBytes("SELECT identity FROM customer WHERE id = ?", ayigul))
                    .isEqualTo(db.queryBytes("SELECT identity FROM customer WHERE id = ?", zhang));
        }

        try (ConsoleServices services = TestStores.open(dir)) {
            StaffSession clerk = TestCounter.signIn(services, CLERK);
            assertThatThrownBy(() -> services.customers().reveal(clerk, ayigul)).isInstanceOf(TamperedDataException.class);
            assertThatThrownBy(() -> services.customers().findByName(clerk, "张伟"))
                    .isInstanceOf(TamperedDataException.class);
            assertThat(services.customers().reveal(clerk, zhang).fullName()).isEqualTo("张伟");
        }
    }

    private static void flip(RawDatabase db, UUID customer, java.util.function.IntUnaryOperator position)
            throws Exception {
        byte[] sealed = db.queryBytes("SELECT identity FROM customer WHERE id = ?", customer);
        sealed[position.applyAsInt(sealed.length)] ^= 0x01;
        assertThat(db.update("UPDATE customer SET identity = ? WHERE id = ?", sealed, customer)).isEqualTo(1);
    }
}
