package com.payband.drivers.idcard.pcsc;

import static com.payband.drivers.TestBytes.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.pcsc.PassiveAuthenticationReport.Finding;
import com.payband.drivers.idcard.pcsc.sim.ChipVariant;
import com.payband.drivers.idcard.pcsc.sim.EmrtdPki;
import com.payband.drivers.idcard.pcsc.sim.PassportChip;
import com.payband.drivers.idcard.pcsc.sim.PassportHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
    void onlyAConsoleThatTrustsNoCscaAtAllLeavesAuthenticityNotChecked() {
        PassiveAuthenticationReport none = verify(chip(ChipVariant.GENUINE), CscaTrustList.empty());
        PassiveAuthenticationReport otherCountry = verify(chip(ChipVariant.GENUINE),
                trusting(EmrtdPki.create("XY", Instant.now())));

        assertThat(none.result()).isEqualTo(PassiveAuthentication.NOT_CHECKED);
        assertThat(none.finding()).isEqualTo(Finding.NO_TRUST_ANCHOR);
        // a trust folder with anchors, none of them the signer's: refused, not waved through
        assertThat(otherCountry.result()).isEqualTo(PassiveAuthentication.INVALID);
        assertThat(otherCountry.finding()).isEqualTo(Finding.SIGNER_NOT_TRUSTED);
    }

    @Test
    void aForgerWhoNamesHisOwnCscaDifferentlyIsRefused() {
        // the state's real CSCA is trusted; the forger's CSCA for the same state carries another name
        EmrtdPki forger = EmrtdPki.create("UT", "CSCA UT Prime", Instant.now());
        PassiveAuthenticationReport r = verify(PassportChip.issue(forger, holder, ChipVariant.GENUINE), trusting(pki));

        assertThat(r.result()).isEqualTo(PassiveAuthentication.INVALID);
        assertThat(r.finding()).isEqualTo(Finding.SIGNER_NOT_TRUSTED);
        assertThat(r.detail()).contains("CSCA UT Prime");
    }

    @Test
    void aSignerCertificateThatHasExpiredOrIsNotValidYetIsInvalid() {
        PassportChip c = chip(ChipVariant.GENUINE);
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(12 * 366)), ZoneOffset.UTC);
        Clock earlier = Clock.fixed(Instant.now().minus(Duration.ofDays(3)), ZoneOffset.UTC);

        assertThat(verifyAt(c, trusting(pki), later).finding()).isEqualTo(Finding.SIGNER_EXPIRED);
        assertThat(verifyAt(c, trusting(pki), later).result()).isEqualTo(PassiveAuthentication.INVALID);
        assertThat(verifyAt(c, trusting(pki), earlier).finding()).isEqualTo(Finding.SIGNER_NOT_YET_VALID);
        assertThat(verifyAt(c, trusting(pki), earlier).result()).isEqualTo(PassiveAuthentication.INVALID);
    }

    @Test
    void aSignerOfTheCscasNewKeyIsValidThroughTheLinkCertificate() {
        EmrtdPki.Rollover rollover = pki.rollOver(Instant.now());
        PassportChip signedWithTheNewKey = PassportChip.issue(rollover.after(), holder, ChipVariant.GENUINE);

        PassiveAuthenticationReport linked = verify(signedWithTheNewKey,
                CscaTrustList.of(List.of(pki.csca(), rollover.link())));
        assertThat(linked.result()).isEqualTo(PassiveAuthentication.VALID);
        // without the link certificate the old CSCA's key did not sign it; a link alone, whose old CSCA is
        // not trusted, vouches for nothing
        assertThat(verify(signedWithTheNewKey, trusting(pki)).finding()).isEqualTo(Finding.SIGNER_NOT_ISSUED_BY_CSCA);
        assertThat(verify(signedWithTheNewKey, CscaTrustList.of(List.of(rollover.link()))).finding())
                .isEqualTo(Finding.SIGNER_NOT_TRUSTED);
    }

    @Test
    void theCscaMustBeOfTheStateThatIssuedTheDocument() {
        // a genuine signer of a trusted CSCA of XY, on a document that says it is Utopia's
        EmrtdPki xy = EmrtdPki.create("XY", Instant.now());
        PassiveAuthenticationReport r = verify(PassportChip.issue(xy, holder, ChipVariant.GENUINE), trusting(xy));
        assertThat(r.result()).isEqualTo(PassiveAuthentication.INVALID);
        assertThat(r.finding()).isEqualTo(Finding.SIGNER_OF_ANOTHER_STATE);
        // ICAO's D is ISO's DE
        EmrtdPki germany = EmrtdPki.create("DE", Instant.now());
        PassportHolder german = new PassportHolder("D<<", "MUSTERMANN", "ERIKA", "C01X00T47", "D<<",
                holder.birthDate(), holder.sex(), holder.expiryDate());
        PassportChip c = PassportChip.issue(germany, german, ChipVariant.GENUINE);
        assertThat(new PassiveAuthenticator(trusting(germany)).verify(c.file(PassportChip.EF_SOD),
                Map.of(1, c.file(PassportChip.EF_DG1)), "D<<").result()).isEqualTo(PassiveAuthentication.VALID);
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
                Map.of(1, c.file(PassportChip.EF_DG1), 11, new byte[] {0x6B, 0x00}), "UTO");

        assertThat(r.finding()).isEqualTo(Finding.DATA_GROUP_NOT_SIGNED);
    }

    @Test
    void aGarbledSecurityObjectIsInvalid() {
        PassportChip c = chip(ChipVariant.GENUINE);
        byte[] sod = c.file(PassportChip.EF_SOD);
        byte[] garbled = Arrays.copyOf(sod, sod.length / 2);

        PassiveAuthenticationReport r = new PassiveAuthenticator(trusting(pki)).verify(garbled,
                Map.of(1, c.file(PassportChip.EF_DG1)), "UTO");

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
        int at = indexOf(list, signature);
        assertThat(at).as("the signature in the encoding").isNotNegative();
        list[at + 6] ^= 0x01;
        Files.write(dir.resolve("bad.ml"), list);

        CscaTrustList trust = CscaTrustList.load(dir);

        assertThat(trust.isEmpty()).isTrue();
        assertThat(trust.problems()).singleElement().asString().contains("signature does not verify");
    }

    private static PassportChip chip(ChipVariant variant) {
        return PassportChip.issue(pki, holder, variant);
    }

    private static CscaTrustList trusting(EmrtdPki p) {
        return CscaTrustList.of(List.of(p.csca()));
    }

    private static PassiveAuthenticationReport verify(PassportChip c, CscaTrustList trust) {
        return verifyAt(c, trust, Clock.systemUTC());
    }

    private static PassiveAuthenticationReport verifyAt(PassportChip c, CscaTrustList trust, Clock clock) {
        return new PassiveAuthenticator(trust, clock).verify(c.file(PassportChip.EF_SOD),
                Map.of(1, c.file(PassportChip.EF_DG1), 2, c.file(PassportChip.EF_DG2)), holder.issuingState());
    }
}
