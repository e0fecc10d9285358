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

    private final java.util.List<WltDecoder> decoders;

    private WltPortraits(java.util.List<WltDecoder> decoders) {
        this.decoders = java.util.List.copyOf(decoders);
    }

    /**
     * Every decoder found on the class path by {@link ServiceLoader}, tried in class-path order (a photo one refuses
     * goes to the next): a licensed vendor decoder, and the simulator's, which shows only the simulator's sample cards.
     */
    public static WltPortraits installed() {
        return installed(Thread.currentThread().getContextClassLoader());
    }

    public static WltPortraits installed(ClassLoader loader) {
        Iterator<WltDecoder> found = ServiceLoader.load(WltDecoder.class, loader).iterator();
        java.util.List<WltDecoder> decoders = new java.util.ArrayList<>();
        while (true) {
            try {
                if (!found.hasNext()) {
                    return new WltPortraits(decoders);
                }
                WltDecoder decoder = found.next();
                LOG.info("WLT photo decoder installed: {}", decoder.name());
                decoders.add(decoder);
            } catch (java.util.ServiceConfigurationError e) {
                LOG.warn("A WLT decoder provider could not be loaded; trying the next", e);
            }
        }
    }

    /** No decoder: WLT photos show as the placeholder. */
    public static WltPortraits none() {
        return new WltPortraits(java.util.List.of());
    }

    public static WltPortraits with(WltDecoder decoder) {
        return new WltPortraits(java.util.List.of(Objects.requireNonNull(decoder, "decoder")));
    }

    /** The decoders' names, for diagnostics; empty without one. */
    public Optional<String> decoderName() {
        return decoders.isEmpty() ? Optional.empty()
                : Optional.of(String.join(", ", decoders.stream().map(WltDecoder::name).toList()));
    }

    /** The image to show; never throws (a failing decoder yields the placeholder, logged without the photo). */
    public ShownPortrait render(Portrait portrait) {
        Objects.requireNonNull(portrait, "portrait");
        String hash = portrait.sha256();
        if (portrait.format() == Portrait.Format.WLT && portrait.isPresent()) {
            for (WltDecoder decoder : decoders) {
                try {
                    WltDecoder.DecodedImage image = decoder.decode(portrait.data());
                    return new ShownPortrait(image.mediaType(), image.bytes(), false, hash, Optional.of(decoder.name()));
                } catch (WltDecodingException e) {
                    LOG.debug("The WLT decoder {} does not take this photo; trying the next", decoder.name());
                } catch (RuntimeException e) {
                    LOG.warn("The WLT decoder {} failed on a photo ({}); trying the next", decoder.name(),
                            e.getClass().getSimpleName());
                }
            }
        }
        if (portrait.format() == Portrait.Format.JPEG && portrait.isPresent()) {
            return new ShownPortrait("image/jpeg", portrait.data(), false, hash, Optional.empty());
        }
        if (portrait.format() == Portrait.Format.JPEG2000 && portrait.isPresent()) {
            Optional<byte[]> png = jpeg2000(portrait.data());
            if (png.isPresent()) {
                return new ShownPortrait("image/png", png.get(), false, hash, Optional.of("Image I/O"));
            }
        }
        return new ShownPortrait("image/png", placeholder(), true, hash, Optional.empty());
    }

    /** A passport's JPEG 2000 face through an installed Image I/O plug-in (the JDK has none), as PNG. */
    private static Optional<byte[]> jpeg2000(byte[] data) {
        if (!ImageIO.getImageReadersByMIMEType("image/jp2").hasNext()) {
            return Optional.empty();
        }
        try {
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(data));
            if (image == null) {
                return Optional.empty();
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return Optional.of(png.toByteArray());
        } catch (IOException | RuntimeException e) {
            LOG.warn("A JPEG 2000 photo could not be decoded ({}); showing the placeholder", e.getClass().getSimpleName());
            return Optional.empty();
        }
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
     * @param decodedBy   the decoder that made the image ("Simulator", a vendor's), empty when none did
     */
    public record ShownPortrait(String mediaType, byte[] image, boolean placeholder, String sha256,
            Optional<String> decodedBy) {
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
                    && s.placeholder == placeholder && s.sha256.equals(sha256) && s.decodedBy.equals(decodedBy);
        }

        @Override
        public int hashCode() {
            return Objects.hash(mediaType, java.util.Arrays.hashCode(image), placeholder, sha256, decodedBy);
        }

        @Override
        public String toString() {
            return "ShownPortrait[" + mediaType + (placeholder ? ", placeholder" : "") + "]";
        }
    }
}
