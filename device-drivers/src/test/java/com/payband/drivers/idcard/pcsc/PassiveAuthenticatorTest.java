package com.payband.drivers.idcard.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.pcsc.PassiveAuthenticationReport.Finding;
import com.payband.drivers.idcard.pcsc.sim.ChipVariant;
import com.payband.drivers.idcard.pcsc.sim.EmrtdPki;
import com.payband.drivers.idcard.pcsc.sim.PassportChip;
import com.payband.drivers.idcard.pcsc.sim.PassportHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassiveAuthenticatorTest {

    private static EmrtdPki pki;
    private static PassportHolder holder;

    @BeforeAll
    static void issuingState() {
        pki = EmrtdPki.create("UT", Instant.now());
        holder = PassportHolder.specimen(LocalDate.now());
    }

    @Test
    void aGenuineChipIsValidAgainstItsCsca() {
        PassiveAuthenticationReport r = verify(chip(ChipVariant.GENUINE), trusting(pki));

        assertThat(r.result()).isEqualTo(PassiveAuthentication.VALID);
        assertThat(r.finding()).isEqualTo(Finding.VALID);
    }

    @Test
    void anAlteredDg1IsInvalid() {
        PassiveAuthenticationReport r = verify(chip(ChipVariant.TAMPERED_DG1), trusting(pki));

        assertThat(r.result()).isEqualTo(PassiveAuthentication.INVALID);
        assertThat(r.finding()).isEqualTo(Finding.DATA_GROUP_ALTERED);
        assertThat(r.detail()).contains("DG1").doesNotContain("ERIKSSON", "MALLORY");
    }

    @Test
    void aSignerTheCscaNeverCertifiedIsInvalid() {
        PassiveAuthenticationReport r = verify(chip(ChipVariant.WRONG_SIGNER), trusting(pki));

        assertThat(r.result()).isEqualTo(PassiveAuthentication.INVALID);
        assertThat(r.finding()).isEqualTo(Finding.SIGNER_NOT_ISSUED_BY_CSCA);
    }

    @Test
    void withoutATrustAnchorAuthenticityIsNotChecked() {
        PassiveAuthenticationReport none = verify(chip(ChipVariant.GENUINE), CscaTrustList.empty());
        PassiveAuthenticationReport otherCountry = verify(chip(ChipVariant.GENUINE),
                trusting(EmrtdPki.create("XY", Instant.now())));

        assertThat(none.result()).isEqualTo(PassiveAuthentication.NOT_CHECKED);
        assertThat(none.finding()).isEqualTo(Finding.NO_TRUST_ANCHOR);
        assertThat(otherCountry.result()).isEqualTo(PassiveAuthentication.NOT_CHECKED);
    }

    @Test
    void hashesAreCheckedEvenWithoutATrustAnchor() {
        assertThat(verify(chip(ChipVariant.TAMPERED_DG1), CscaTrustList.empty()).result())
                .isEqualTo(PassiveAuthentication.INVALID);
    }

    @Test
    void aDataGroupThatEfSodDoesNotListIsInvalid() {
        PassportChip c = chip(ChipVariant.GENUINE);
        PassiveAuthenticationReport r = new PassiveAuthenticator(trusting(pki)).verify(c.file(PassportChip.EF_SOD),
                Map.of(1, c.file(PassportChip.EF_DG1), 11, new byte[] {0x6B, 0x00}));

        assertThat(r.finding()).isEqualTo(Finding.DATA_GROUP_NOT_SIGNED);
    }

    @Test
    void aGarbledSecurityObjectIsInvalid() {
        PassportChip c = chip(ChipVariant.GENUINE);
        byte[] sod = c.file(PassportChip.EF_SOD);
        byte[] garbled = Arrays.copyOf(sod, sod.length / 2);

        PassiveAuthenticationReport r = new PassiveAuthenticator(trusting(pki)).verify(garbled,
                Map.of(1, c.file(PassportChip.EF_DG1)));

        assertThat(r.finding()).isEqualTo(Finding.SECURITY_OBJECT_MALFORMED);
        assertThat(r.result()).isEqualTo(PassiveAuthentication.INVALID);
    }

    @Test
    void aTrustFolderWithACertificateOrAMasterList(@TempDir Path certs, @TempDir Path lists) throws Exception {
        pki.writeCsca(certs);
        Files.write(lists.resolve("icao.ml"), pki.masterList());
        Files.writeString(lists.resolve("notes.txt"), "ignored");
        Files.writeString(lists.resolve("broken.cer"), "not a certificate");

        CscaTrustList fromCertificate = CscaTrustList.load(certs);
        CscaTrustList fromMasterList = CscaTrustList.load(lists);

        assertThat(fromCertificate.cscas()).containsExactly(pki.csca());
        assertThat(fromMasterList.cscas()).containsExactly(pki.csca());
        assertThat(fromMasterList.problems()).singleElement().asString().startsWith("broken.cer");
        assertThat(verify(chip(ChipVariant.GENUINE), fromMasterList).result()).isEqualTo(PassiveAuthentication.VALID);
        assertThat(CscaTrustList.load(certs.resolve("missing")).isEmpty()).isTrue();
    }

    @Test
    void aMasterListWhoseSignatureDoesNotVerifyIsRefused(@TempDir Path dir) throws Exception {
        byte[] list = pki.masterList();
        byte[] signature = new org.bouncycastle.cms.CMSSignedData(list).getSignerInfos().getSigners().iterator()
                .next().getSignature();
        // Byte 6 of the DER ECDSA-Sig-Value (SEQUENCE, INTEGER r, ...) lies inside r: still well-formed.
        list[indexOf(list, signature) + 6] ^= 0x01;
        Files.write(dir.resolve("bad.ml"), list);

        CscaTrustList trust = CscaTrustList.load(dir);

        assertThat(trust.isEmpty()).isTrue();
        assertThat(trust.problems()).singleElement().asString().contains("signature does not verify");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("signature not found in the encoding");
    }

    private static PassportChip chip(ChipVariant variant) {
        return PassportChip.issue(pki, holder, variant);
    }

    private static CscaTrustList trusting(EmrtdPki p) {
        return CscaTrustList.of(List.of(p.csca()));
    }

    private static PassiveAuthenticationReport verify(PassportChip c, CscaTrustList trust) {
        return new PassiveAuthenticator(trust).verify(c.file(PassportChip.EF_SOD),
                Map.of(1, c.file(PassportChip.EF_DG1), 2, c.file(PassportChip.EF_DG2)));
    }
}
