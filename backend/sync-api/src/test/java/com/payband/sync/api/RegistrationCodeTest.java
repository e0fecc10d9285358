package com.payband.sync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RegistrationCodeTest {

    @Test
    void aCodeReadOutAndTypedCarelesslyIsTheSameCode() {
        RegistrationCode code = RegistrationCode.generate(new SecureRandom());
        String printed = code.toString();
        assertThat(printed).matches("([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}");
        String typed = " " + printed.toLowerCase().replace('0', 'o').replace('1', 'l').replace("-", " ") + " ";
        assertThat(RegistrationCode.parse(typed)).isEqualTo(code);
        assertThat(RegistrationCode.parse(typed).proofKey()).isEqualTo(code.proofKey());
    }

    @Test
    void somethingElseIsRefusedWithAReason() {
        assertThatThrownBy(() -> RegistrationCode.parse("ABCD-EFGH")).hasMessageContaining("24 characters, not 8");
        assertThatThrownBy(() -> RegistrationCode.parse("ABCD-EFGH-JKMN-PQRS-TVWX-YZ0U"))
                .hasMessageContaining("no 'U'");
    }

    @Test
    void aProofHoldsOnlyForWhatItWasMadeOver() {
        RegistrationCode code = RegistrationCode.generate(new SecureRandom());
        RegistrationCode other = RegistrationCode.generate(new SecureRandom());
        String proof = RegistrationProof.request(code.proofKey(), code.id(), "Shop 1", "CSR");
        assertThat(RegistrationProof.matches(proof,
                RegistrationProof.request(code.proofKey(), code.id(), "Shop 1", "CSR"))).isTrue();
        assertThat(RegistrationProof.matches(proof,
                RegistrationProof.request(other.proofKey(), code.id(), "Shop 1", "CSR"))).isFalse();
        assertThat(RegistrationProof.matches(proof,
                RegistrationProof.request(code.proofKey(), code.id(), "Shop 1", "CSR2"))).isFalse();
        // the field boundaries count: "Shop 1" + "CSR" is not "Shop 1C" + "SR"
        assertThat(RegistrationProof.matches(proof,
                RegistrationProof.request(code.proofKey(), code.id(), "Shop 1C", "SR"))).isFalse();
        assertThat(RegistrationProof.matches(proof, null)).isFalse();
    }
}
