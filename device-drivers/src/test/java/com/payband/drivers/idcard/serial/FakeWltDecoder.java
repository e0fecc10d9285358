package com.payband.drivers.idcard.serial;

/**
 * Stands in for a licensed WLT library in the tests: registered through
 * {@code META-INF/services/com.payband.drivers.idcard.serial.WltDecoder} in the test resources, as a
 * store's decoder jar would be. "Decodes" by returning the placeholder with a marker, and refuses data
 * that does not start with "WLT".
 */
public final class FakeWltDecoder implements WltDecoder {

    @Override
    public String name() {
        return "fake WLT decoder for tests";
    }

    @Override
    public DecodedImage decode(byte[] wlt) throws WltDecodingException {
        if (wlt.length < 3 || wlt[0] != 'W' || wlt[1] != 'L' || wlt[2] != 'T') {
            throw new WltDecodingException("not WLT data");
        }
        return new DecodedImage("image/bmp", new byte[] {'B', 'M', wlt[3]}, 102, 126);
    }
}
