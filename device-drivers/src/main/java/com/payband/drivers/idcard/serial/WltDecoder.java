package com.payband.drivers.idcard.serial;

/**
 * Turns the photo of a resident ID card (1024 bytes of WLT data, a proprietary compressed format)
 * into an image. The format is not public: decoders are licensed vendor libraries, so the console
 * ships none for real cards and shows a placeholder with the photo's hash instead (the simulator's own
 * decoder shows only its sample cards: {@code SimulatorPortraitDecoder}).
 *
 * <p>A store that holds a licence plugs its decoder in as a {@link java.util.ServiceLoader} provider:
 * a jar on the class path with a class implementing this interface (public, with a public no-argument
 * constructor) and a file {@code META-INF/services/com.payband.drivers.idcard.serial.WltDecoder}
 * naming it. {@link WltPortraits#installed()} picks it up. Implementations must be thread-safe and
 * must not keep or log the photos they decode.
 */
public interface WltDecoder {

    /** What staff and logs see, e.g. the vendor library's name and version. */
    String name();

    /**
     * Decodes one photo.
     *
     * @param wlt the photo block exactly as the reader delivered it
     * @return the image (typically 102 x 126 pixels) as PNG or BMP bytes
     * @throws WltDecodingException when the data cannot be decoded (damaged, or not WLT)
     */
    DecodedImage decode(byte[] wlt) throws WltDecodingException;

    /**
     * An image a decoder produced.
     *
     * @param mediaType {@code image/png} or {@code image/bmp}
     */
    record DecodedImage(String mediaType, byte[] bytes, int width, int height) {
        public DecodedImage {
            java.util.Objects.requireNonNull(mediaType, "mediaType");
            bytes = bytes.clone();
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("an image has a positive size");
            }
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DecodedImage d && d.mediaType.equals(mediaType) && java.util.Arrays.equals(d.bytes, bytes)
                    && d.width == width && d.height == height;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(mediaType, java.util.Arrays.hashCode(bytes), width, height);
        }

        @Override
        public String toString() {
            return "DecodedImage[" + mediaType + ", " + width + "x" + height + "]";
        }
    }
}
