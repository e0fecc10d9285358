package com.payband.drivers.idcard.serial;

import com.payband.drivers.idcard.Portrait;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console shows for a portrait: the decoded photo when a {@link WltDecoder} is installed and
 * the photo is WLT, the image itself for JPEG portraits the screen can show, and otherwise a neutral
 * placeholder (a grey silhouette, 102 x 126 like a card photo) next to which the console prints the
 * photo's SHA-256.
 */
public final class WltPortraits {

    private static final Logger LOG = LoggerFactory.getLogger(WltPortraits.class);

    /** Width and height of a resident card's photo. */
    public static final int WIDTH = 102;
    public static final int HEIGHT = 126;

    private static volatile byte[] placeholderPng;

    private final WltDecoder decoder;

    private WltPortraits(WltDecoder decoder) {
        this.decoder = decoder;
    }

    /** The first decoder found on the class path by {@link ServiceLoader}, or none. */
    public static WltPortraits installed() {
        return installed(Thread.currentThread().getContextClassLoader());
    }

    public static WltPortraits installed(ClassLoader loader) {
        Iterator<WltDecoder> found = ServiceLoader.load(WltDecoder.class, loader).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    return none();
                }
                WltDecoder decoder = found.next();
                LOG.info("WLT photo decoder installed: {}", decoder.name());
                return new WltPortraits(decoder);
            } catch (java.util.ServiceConfigurationError e) {
                LOG.warn("A WLT decoder provider could not be loaded; trying the next", e);
            }
        }
    }

    /** No decoder: WLT photos show as the placeholder. */
    public static WltPortraits none() {
        return new WltPortraits(null);
    }

    public static WltPortraits with(WltDecoder decoder) {
        return new WltPortraits(Objects.requireNonNull(decoder, "decoder"));
    }

    /** The decoder's name, for diagnostics; empty without one. */
    public Optional<String> decoderName() {
        return Optional.ofNullable(decoder).map(WltDecoder::name);
    }

    /** The image to show; never throws (a failing decoder yields the placeholder, logged without the photo). */
    public ShownPortrait render(Portrait portrait) {
        Objects.requireNonNull(portrait, "portrait");
        String hash = portrait.sha256();
        if (portrait.format() == Portrait.Format.WLT && decoder != null && portrait.isPresent()) {
            try {
                WltDecoder.DecodedImage image = decoder.decode(portrait.data());
                return new ShownPortrait(image.mediaType(), image.bytes(), false, hash);
            } catch (WltDecodingException | RuntimeException e) {
                LOG.warn("The WLT decoder {} failed on a photo ({}); showing the placeholder", decoder.name(),
                        e.getClass().getSimpleName());
            }
        }
        if (portrait.format() == Portrait.Format.JPEG && portrait.isPresent()) {
            return new ShownPortrait("image/jpeg", portrait.data(), false, hash);
        }
        return new ShownPortrait("image/png", placeholder(), true, hash);
    }

    /** The placeholder as PNG bytes. */
    public static byte[] placeholder() {
        byte[] png = placeholderPng;
        if (png == null) {
            png = drawPlaceholder();
            placeholderPng = png;
        }
        return png.clone();
    }

    private static byte[] drawPlaceholder() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0xEE, 0xEE, 0xEE));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(new Color(0xB8, 0xB8, 0xB8));
            g.fillOval(WIDTH / 2 - 22, 22, 44, 50);
            g.fillRoundRect(WIDTH / 2 - 40, 78, 80, 70, 40, 40);
            g.setColor(new Color(0x99, 0x99, 0x99));
            g.setStroke(new BasicStroke(2f));
            g.drawRect(1, 1, WIDTH - 3, HEIGHT - 3);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A portrait ready for the screen.
     *
     * @param placeholder true when the image is the placeholder, not the person
     * @param sha256      of the portrait's original bytes (for WLT: of the WLT data)
     */
    public record ShownPortrait(String mediaType, byte[] image, boolean placeholder, String sha256) {
        public ShownPortrait {
            image = image.clone();
        }

        @Override
        public byte[] image() {
            return image.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShownPortrait s && s.mediaType.equals(mediaType) && java.util.Arrays.equals(s.image, image)
                    && s.placeholder == placeholder && s.sha256.equals(sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(mediaType, java.util.Arrays.hashCode(image), placeholder, sha256);
        }

        @Override
        public String toString() {
            return "ShownPortrait[" + mediaType + (placeholder ? ", placeholder" : "") + "]";
        }
    }
}
