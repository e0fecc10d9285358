package com.payband.console.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.TestStores;
import com.payband.console.app.ConsoleServices;
import com.payband.console.staff.Role;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issuer knows a band's owner by evidence every store derives alike from the owner's own document, so that a
 * stolen band recovered in another store can be reset there with the owner's card: two stores, two customer records
 * of one person, one evidence; another person, another evidence; nothing of the identity in it.
 */
class OwnerEvidenceTest {

    @TempDir
    Path dir;

    @Test
    void twoStoresDeriveTheSameEvidenceFromTheSamePersonsCard() throws Exception {
        try (ConsoleServices a = TestStores.create(dir.resolve("a")); ConsoleServices b = TestStores.create(dir.resolve("b"))) {
            var clerkA = TestStores.staff(a, "clerk", Role.RETAIL_STAFF);
            var clerkB = TestStores.staff(b, "clerk", Role.RETAIL_STAFF);
            UUID zhangInA = TestStores.customer(a, clerkA, "zhang-wei");
            UUID zhangInB = TestStores.customer(b, clerkB, "zhang-wei");
            UUID ayigulInB = TestStores.customer(b, clerkB, "ayigul");
            assertThat(zhangInA).isNotEqualTo(zhangInB);

            byte[] evidence = a.customers().ownerEvidence(zhangInA);
            assertThat(b.customers().ownerEvidence(zhangInB)).isEqualTo(evidence);
            assertThat(b.customers().ownerEvidence(ayigulInB)).isNotEqualTo(evidence);
            assertThat(evidence).hasSize(32);
            // a digest: the ID number is not in it
            Identity zhang = a.customers().reveal(clerkA, zhangInA);
            assertThat(new String(evidence, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain(zhang.documentNumber());
        }
    }
}
