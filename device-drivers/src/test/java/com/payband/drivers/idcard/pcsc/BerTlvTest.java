package com.payband.drivers.idcard.pcsc;

import static com.payband.drivers.TestBytes.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.pcsc.sim.ChipVariant;
import com.payband.drivers.idcard.pcsc.sim.EmrtdPki;
import com.payband.drivers.idcard.pcsc.sim.PassportChip;
import com.payband.drivers.idcard.pcsc.sim.PassportHolder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The structure check that keeps lengths a chip lies about away from JMRTD. */
class BerTlvTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theFilesOfAGenuineChipAreWellFormed() {
        PassportChip chip = PassportChip.issue(EmrtdPki.create("UT", Instant.now()),
                PassportHolder.specimen(LocalDate.now()), ChipVariant.GENUINE);
        assertThat(BerTlv.wellFormed(chip.file(PassportChip.EF_DG1))).isTrue();
        assertThat(BerTlv.wellFormed(chip.file(PassportChip.EF_DG2))).isTrue();
        assertThat(PcscIdCardReader.portrait(chip.file(PassportChip.EF_DG2)).isPresent()).isTrue();
    }

    @Test
    void lengthsThatDoNotFitAreRefused() {
        assertThat(BerTlv.wellFormed(HEX.parseHex("6103020101"))).as("positive control").isTrue();
        assertThat(BerTlv.wellFormed(HEX.parseHex("61045f1f0141"))).as("two-byte tag").isTrue();
        assertThat(BerTlv.wellFormed(HEX.parseHex(""))).isFalse();
        assertThat(BerTlv.wellFormed(HEX.parseHex("6104020101"))).as("outer length past the end").isFalse();
        assertThat(BerTlv.wellFormed(HEX.parseHex("6103020501"))).as("inner length past its parent").isFalse();
        assertThat(BerTlv.wellFormed(HEX.parseHex("61804600"))).as("indefinite length").isFalse();
        // what fuzzing found: a length in seven bytes, which JMRTD read for seconds
        assertThat(BerTlv.wellFormed(HEX.parseHex("610a46876d5f0068e40b4100"))).isFalse();
        assertThat(BerTlv.wellFormed(HEX.parseHex("6106a104a102a100"))).as("nesting within the limit").isTrue();
        assertThat(BerTlv.wellFormed(nested(10))).as("nesting within the limit").isTrue();
        assertThat(BerTlv.wellFormed(nested(40))).as("nesting without end").isFalse();
    }

    @Test
    void aFaceRecordWhoseLengthsClaimMoreThanItsDataBlockHoldsIsRefusedBeforeJmrtdAllocatesThem() {
        byte[] dg2 = PassportChip.issue(EmrtdPki.create("UT", Instant.now()), PassportHolder.specimen(LocalDate.now()),
                ChipVariant.GENUINE).file(PassportChip.EF_DG2);
        int fac = indexOf(dg2, new byte[] {'F', 'A', 'C', 0});
        assertThat(fac).as("the genuine DG2 holds a face record").isPositive();
        // what fuzzing found: the face's block claims gigabytes, and JMRTD allocated them for the image
        byte[] blockTooLong = dg2.clone();
        blockTooLong[fac + 14] = 0x7F;
        assertThat(BerTlv.wellFormed(blockTooLong)).isFalse();
        assertThat(PcscIdCardReader.portrait(blockTooLong).isPresent()).isFalse();
        byte[] recordTooLong = dg2.clone();
        recordTooLong[fac + 8] = 0x01;
        assertThat(BerTlv.wellFormed(recordTooLong)).isFalse();
        byte[] moreFaces = dg2.clone();
        moreFaces[fac + 13] = 2;
        assertThat(BerTlv.wellFormed(moreFaces)).as("a second face past the record's end").isFalse();
    }

    @Test
    void paddingBeforeATagIsSkippedAsJmrtdSkipsItSoTheFaceBehindItIsChecked() {
        byte[] dg2 = PassportChip.issue(EmrtdPki.create("UT", Instant.now()), PassportHolder.specimen(LocalDate.now()),
                ChipVariant.GENUINE).file(PassportChip.EF_DG2);
        byte[] padded = new byte[dg2.length + 2];
        System.arraycopy(dg2, 0, padded, 2, dg2.length);
        assertThat(BerTlv.wellFormed(padded)).as("JMRTD reads a DG2 behind padding").isTrue();
        assertThat(PcscIdCardReader.portrait(padded).isPresent()).isTrue();
        // what fuzzing found: to this check the 00 00 in front was one empty TLV, and the face behind it went
        // unchecked to JMRTD, which allocated the gigabyte its block claimed
        padded[2 + indexOf(dg2, new byte[] {'F', 'A', 'C', 0}) + 14] = 0x7F;
        assertThat(BerTlv.wellFormed(padded)).isFalse();
        assertThat(PcscIdCardReader.portrait(padded).isPresent()).isFalse();
        assertThat(BerTlv.wellFormed(HEX.parseHex("ff006103020101"))).as("FF is padding too").isTrue();
        assertThat(BerTlv.wellFormed(HEX.parseHex("ff006104020101"))).as("and what follows it is checked").isFalse();
        assertThat(BerTlv.wellFormed(HEX.parseHex("0000"))).as("padding and nothing else").isFalse();
    }

    private static byte[] nested(int depth) {
        byte[] inner = {0x02, 0x01, 0x01};
        for (int i = 0; i < depth; i++) {
            byte[] outer = new byte[inner.length + 2];
            outer[0] = (byte) 0xA1;
            outer[1] = (byte) inner.length;
            System.arraycopy(inner, 0, outer, 2, inner.length);
            inner = outer;
        }
        return inner;
    }
}
