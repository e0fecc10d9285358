package com.payband.drivers.idcard.sim;

import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.ResidentIdCard;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.TravelDocument;
import com.payband.drivers.idcard.check.ResidentIdNumber;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The simulator's named sample documents. The people are invented; region codes, issuing authorities
 * and validity rules (10 years for ages 16-25, 20 years for 26-45, long-term from 46) are real, so
 * that the console meets what a counter in China meets.
 */
public final class SampleDocuments {

    /** Size of the photo block a GA/T 467 reader returns. */
    static final int WLT_SIZE = 1024;

    private static final byte[] SAMPLE_JPEG = loadSampleJpeg();

    private static final List<SampleDocument> ALL = List.of(
            new SampleDocument("zhang-wei",
                    "Resident ID card of an adult, 20-year validity: accepted",
                    true,
                    clock -> {
                        LocalDate from = today(clock).minusYears(5);
                        return residentCard("张伟", Sex.MALE, Nation.HAN, LocalDate.of(1988, 3, 15),
                                "110101", "011", "北京市东城区景山前街4号", "北京市公安局东城分局",
                                from, Optional.of(from.plusYears(20)), true, "zhang-wei");
                    }),
            new SampleDocument("ayigul",
                    "Resident ID card with long-term (changqi) validity: accepted",
                    true,
                    clock -> residentCard("阿依古丽·买买提", Sex.FEMALE, Nation.UYGHUR, LocalDate.of(1970, 5, 21),
                            "650102", "022", "新疆乌鲁木齐市天山区解放南路100号", "乌鲁木齐市公安局天山分局",
                            today(clock).minusYears(4), Optional.empty(), true, "ayigul")),
            new SampleDocument("wang-fang-expired",
                    "Resident ID card that expired three months ago: refused",
                    true,
                    clock -> {
                        LocalDate until = today(clock).minusMonths(3);
                        return residentCard("王芳", Sex.FEMALE, Nation.HAN, LocalDate.of(1992, 6, 8),
                                "310104", "046", "上海市徐汇区漕溪北路201号", "上海市公安局徐汇分局",
                                until.minusYears(10), Optional.of(until), true, "wang-fang-expired");
                    }),
            new SampleDocument("li-qiang-bad-check",
                    "Resident ID card whose number has a wrong check character: refused",
                    true,
                    clock -> {
                        LocalDate from = today(clock).minusYears(2);
                        return residentCard("李强", Sex.MALE, Nation.HAN, LocalDate.of(1979, 9, 11),
                                "440106", "035", "广东省广州市天河区天河路385号", "广州市公安局天河区分局",
                                from, Optional.of(from.plusYears(20)), false, "li-qiang-bad-check");
                    }),
            new SampleDocument("chen-xiao-minor",
                    "Resident ID card of a 16-year-old: refused when the minimum age is above 16",
                    true,
                    clock -> {
                        LocalDate today = today(clock);
                        LocalDate from = today.minusMonths(1);
                        return residentCard("陈晓", Sex.MALE, Nation.HAN, today.minusYears(16).minusMonths(3),
                                "330106", "017", "浙江省杭州市西湖区文三路90号", "杭州市公安局西湖分局",
                                from, Optional.of(from.plusYears(10)), true, "chen-xiao-minor");
                    }),
            new SampleDocument("passport-anna",
                    "ICAO 9303 specimen passport, passive authentication valid: accepted",
                    true,
                    clock -> new TravelDocument(DocumentType.PASSPORT, "ERIKSSON", "ANNA MARIA", Sex.FEMALE,
                            LocalDate.of(1974, 8, 12), "L898902C3", "UTO", "UTO", today(clock).plusYears(5),
                            jpegPortrait("passport-anna"), PassiveAuthentication.VALID, true)),
            new SampleDocument("passport-tampered",
                    "Passport whose chip data was altered (passive authentication fails): refused",
                    true,
                    clock -> new TravelDocument(DocumentType.PASSPORT, "MALLORY", "EVE", Sex.FEMALE,
                            LocalDate.of(1974, 8, 12), "L898902C3", "UTO", "UTO", today(clock).plusYears(5),
                            jpegPortrait("passport-tampered"), PassiveAuthentication.INVALID, true)),
            new SampleDocument("passport-unchecked",
                    "Passport read on a console that trusts no CSCA: not checked; accepted with a warning in the"
                            + " simulator (refused by default outside it)",
                    true,
                    clock -> new TravelDocument(DocumentType.PASSPORT, "MUSTERMANN", "ERIKA", Sex.FEMALE,
                            LocalDate.of(1964, 8, 12), "C01X00T47", "D", "D", today(clock).plusYears(3),
                            jpegPortrait("passport-unchecked"), PassiveAuthentication.NOT_CHECKED, true)),
            new SampleDocument("counterfeit",
                    "Resident ID card whose chip fails authentication: the read fails",
                    false,
                    clock -> {
                        LocalDate from = today(clock).minusYears(3);
                        return residentCard("赵磊", Sex.MALE, Nation.HAN, LocalDate.of(1985, 1, 2),
                                "120101", "057", "天津市和平区南京路189号", "天津市公安局和平分局",
                                from, Optional.of(from.plusYears(20)), true, "counterfeit");
                    }));

    private SampleDocuments() {
    }

    public static List<SampleDocument> all() {
        return ALL;
    }

    /** The sample ids in a stable order, for listings and command-line completion. */
    public static List<String> names() {
        return ALL.stream().map(SampleDocument::id).toList();
    }

    public static Optional<SampleDocument> byName(String name) {
        return ALL.stream().filter(s -> s.id().equals(name)).findFirst();
    }

    private static LocalDate today(Clock clock) {
        return LocalDate.now(clock);
    }

    private static ResidentIdCard residentCard(String name, Sex sex, Nation nation, LocalDate birthDate,
            String regionCode, String sequence, String address, String authority,
            LocalDate validFrom, Optional<LocalDate> validUntil, boolean correctCheckCharacter, String id) {
        String first17 = regionCode + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE) + sequence;
        char check = ResidentIdNumber.checkCharacterFor(first17);
        if (!correctCheckCharacter) {
            check = check == '5' ? '6' : '5';
        }
        return new ResidentIdCard(name, sex, nation, birthDate, address, first17 + check, authority,
                validFrom, validUntil, wltPortrait(id), true);
    }

    /** The mark that starts a sample card's photo block: only {@link SimulatorPortraitDecoder} shows such a block. */
    static final byte[] SIMULATOR_WLT = "PBSIMWLT".getBytes(StandardCharsets.US_ASCII);

    /**
     * Stands in for the proprietary WLT photo: same size, deterministic per sample, the simulator's mark first (the
     * simulator's decoder shows the sample face for it; a real decoder would refuse it).
     */
    private static Portrait wltPortrait(String id) {
        byte[] data = new byte[WLT_SIZE];
        new Random(id.hashCode()).nextBytes(data);
        System.arraycopy(SIMULATOR_WLT, 0, data, 0, SIMULATOR_WLT.length);
        return new Portrait(Portrait.Format.WLT, data);
    }

    /** The sample face as JPEG, with its size (what the simulator's decoder shows). */
    static com.payband.drivers.idcard.serial.WltDecoder.DecodedImage sampleFace() {
        try {
            java.awt.image.BufferedImage face = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(SAMPLE_JPEG));
            return new com.payband.drivers.idcard.serial.WltDecoder.DecodedImage("image/jpeg", SAMPLE_JPEG,
                    face.getWidth(), face.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The sample face with a JPEG comment naming the sample, so that two samples never share a photo
     * hash ({@link Portrait#sha256()} is how photos are compared without being seen).
     */
    private static Portrait jpegPortrait(String id) {
        byte[] jpeg = SAMPLE_JPEG;
        int at = 2; // after SOI; JFIF wants its APPn segments first, so the comment goes after them
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF
                && (jpeg[at + 1] & 0xFF) >= 0xE0 && (jpeg[at + 1] & 0xFF) <= 0xEF) {
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        byte[] comment = ("PayBand simulator sample " + id).getBytes(StandardCharsets.US_ASCII);
        int segmentLength = comment.length + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + segmentLength + 2);
        out.write(jpeg, 0, at);
        out.write(0xFF);
        out.write(0xFE);
        out.write(segmentLength >> 8);
        out.write(segmentLength & 0xFF);
        out.write(comment, 0, comment.length);
        out.write(jpeg, at, jpeg.length - at);
        return new Portrait(Portrait.Format.JPEG, out.toByteArray());
    }

    private static byte[] loadSampleJpeg() {
        try (InputStream in = SampleDocuments.class.getResourceAsStream("sample-portrait.jpg")) {
            if (in == null) {
                throw new IllegalStateException("sample-portrait.jpg is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
