package com.payband.drivers.idcard.pcsc.sim;

import com.payband.drivers.idcard.Portrait;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.sf.scuba.data.Gender;
import org.jmrtd.PassportService;
import org.jmrtd.lds.LDSFile;
import org.jmrtd.lds.SODFile;
import org.jmrtd.lds.icao.COMFile;
import org.jmrtd.lds.icao.DG1File;
import org.jmrtd.lds.icao.DG2File;
import org.jmrtd.lds.icao.MRZInfo;
import org.jmrtd.lds.iso19794.FaceImageInfo;
import org.jmrtd.lds.iso19794.FaceInfo;

/**
 * The files on a virtual passport's chip: EF.COM, DG1 (MRZ), DG2 (face) and EF.SOD (DG hashes signed by
 * the document signer), built with JMRTD's own LDS classes so that they are what a real chip holds.
 */
public final class PassportChip {

    /** Elementary file identifiers (ICAO 9303 Part 10). */
    public static final short EF_COM = PassportService.EF_COM;
    public static final short EF_DG1 = PassportService.EF_DG1;
    public static final short EF_DG2 = PassportService.EF_DG2;
    public static final short EF_SOD = PassportService.EF_SOD;

    private final PassportHolder holder;
    private final ChipVariant variant;
    private final Map<Short, byte[]> files;

    private PassportChip(PassportHolder holder, ChipVariant variant, Map<Short, byte[]> files) {
        this.holder = holder;
        this.variant = variant;
        this.files = files;
    }

    /**
     * Issues a chip for {@code holder}, signed by {@code pki}'s document signer, with a JPEG face.
     */
    public static PassportChip issue(EmrtdPki pki, PassportHolder holder, ChipVariant variant) {
        return issue(pki, holder, variant, Portrait.Format.JPEG);
    }

    /**
     * @param faceFormat JPEG (a generated ~15 KB face) or JPEG2000 (a JP2 signature box and filler
     *     bytes: enough to exercise the format handling, not a decodable image)
     */
    public static PassportChip issue(EmrtdPki pki, PassportHolder holder, ChipVariant variant,
            Portrait.Format faceFormat) {
        Objects.requireNonNull(pki, "pki");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(variant, "variant");
        try {
            byte[] dg1 = new DG1File(new MRZInfo(holder.line1() + holder.line2())).getEncoded();
            byte[] dg2 = dg2(holder, faceFormat);
            Map<Integer, byte[]> hashes = new TreeMap<>();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            hashes.put(1, sha256.digest(dg1));
            hashes.put(2, sha256.digest(dg2));
            EmrtdPki signer = variant == ChipVariant.WRONG_SIGNER ? pki.forger() : pki;
            byte[] sod = new SODFile("SHA-256", "SHA256withECDSA", hashes, signer.documentSignerKey(),
                    signer.documentSigner()).getEncoded();
            if (variant == ChipVariant.TAMPERED_DG1) {
                dg1 = new DG1File(new MRZInfo(holder.renamed("MALLORY", "EVE").line1() + holder.line2()))
                        .getEncoded();
            }
            byte[] com = new COMFile("1.7", "4.0.0",
                    new int[] {LDSFile.EF_DG1_TAG, LDSFile.EF_DG2_TAG}).getEncoded();
            Map<Short, byte[]> files = new TreeMap<>();
            files.put(EF_COM, com);
            files.put(EF_DG1, dg1);
            files.put(EF_DG2, dg2);
            files.put(EF_SOD, sod);
            return new PassportChip(holder, variant, Map.copyOf(files));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the virtual passport", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PassportHolder holder() {
        return holder;
    }

    public ChipVariant variant() {
        return variant;
    }

    /** The file's bytes, or null if the chip has no such file. */
    public byte[] file(short fid) {
        byte[] data = files.get(fid);
        return data == null ? null : data.clone();
    }

    /** What the document-number, birth-date and expiry-date fields of the MRZ give BAC. */
    public String mrz() {
        return holder.mrz();
    }

    private static byte[] dg2(PassportHolder holder, Portrait.Format format) throws IOException {
        boolean jp2 = format == Portrait.Format.JPEG2000;
        if (!jp2 && format != Portrait.Format.JPEG) {
            throw new IllegalArgumentException("a passport face is JPEG or JPEG 2000, not " + format);
        }
        byte[] image = jp2 ? fakeJpeg2000(holder) : face(holder);
        Gender gender = switch (holder.sex()) {
            case MALE -> Gender.MALE;
            case FEMALE -> Gender.FEMALE;
            case UNSPECIFIED -> Gender.UNSPECIFIED;
        };
        FaceImageInfo imageInfo = new FaceImageInfo(gender, FaceImageInfo.EyeColor.UNSPECIFIED, 0,
                FaceImageInfo.HAIR_COLOR_UNSPECIFIED, FaceImageInfo.EXPRESSION_UNSPECIFIED, new int[3], new int[3],
                FaceImageInfo.FACE_IMAGE_TYPE_FULL_FRONTAL, FaceImageInfo.IMAGE_COLOR_SPACE_RGB24,
                FaceImageInfo.SOURCE_TYPE_STATIC_PHOTO_DIGITAL_CAM, 0, 0, new FaceImageInfo.FeaturePoint[0],
                WIDTH, HEIGHT, new ByteArrayInputStream(image), image.length,
                jp2 ? FaceImageInfo.IMAGE_DATA_TYPE_JPEG2000 : FaceImageInfo.IMAGE_DATA_TYPE_JPEG);
        return new DG2File(List.of(new FaceInfo(List.of(imageInfo)))).getEncoded();
    }

    private static final int WIDTH = 360;
    private static final int HEIGHT = 480;

    /** A drawn face (not a person) with sensor-like noise, JPEG at the size passport faces have (~15 KB). */
    static byte[] face(PassportHolder holder) throws IOException {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0xDDE6EE));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(0x3B2F2A));
        g.fillOval(80, 50, 200, 230);
        g.setColor(new Color(0xE8C4A8));
        g.fillOval(100, 90, 160, 210);
        g.fillRect(150, 280, 60, 60);
        g.setColor(new Color(0x2F4F7F));
        g.fillRoundRect(40, 330, 280, 200, 80, 80);
        g.setColor(new Color(0x30302F));
        g.fillOval(140, 170, 22, 12);
        g.fillOval(198, 170, 22, 12);
        g.setColor(new Color(0xA0524E));
        g.fillRoundRect(155, 245, 50, 10, 8, 8);
        g.dispose();
        Random noise = new Random(holder.documentNumber().hashCode());
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = img.getRGB(x, y);
                int d = noise.nextInt(9) - 4;
                int r = clamp(((rgb >> 16) & 0xFF) + d);
                int gr = clamp(((rgb >> 8) & 0xFF) + d);
                int b = clamp((rgb & 0xFF) + d);
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** The JP2 signature and file-type boxes, then filler: recognisably JPEG 2000, not decodable. */
    private static byte[] fakeJpeg2000(PassportHolder holder) {
        byte[] header = {
            0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, (byte) 0x87, 0x0A,
            0x00, 0x00, 0x00, 0x14, 0x66, 0x74, 0x79, 0x70, 0x6A, 0x70, 0x32, 0x20,
            0x00, 0x00, 0x00, 0x00, 0x6A, 0x70, 0x32, 0x20};
        byte[] data = Arrays.copyOf(header, 12_000);
        byte[] filler = new byte[data.length - header.length];
        new Random(holder.documentNumber().hashCode()).nextBytes(filler);
        System.arraycopy(filler, 0, data, header.length, filler.length);
        return data;
    }

    @Override
    public String toString() {
        return "PassportChip[" + variant + ", " + files.size() + " files]";
    }
}
