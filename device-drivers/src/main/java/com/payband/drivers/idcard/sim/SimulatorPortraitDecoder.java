package com.payband.drivers.idcard.sim;

import com.payband.drivers.idcard.serial.WltDecoder;
import com.payband.drivers.idcard.serial.WltDecodingException;
import java.util.Arrays;

/**
 * Shows the simulator's sample resident ID cards with a face (demo mode, training, the tests): their photo block, the
 * size of a real card's WLT, starts with the simulator's own mark, and this decoder answers the sample face for it. A
 * real card's WLT is refused (the next installed decoder, or the placeholder, takes it).
 */
public final class SimulatorPortraitDecoder implements WltDecoder {

    /** The name the console shows beside the photo: it is the simulator's, not a person's. */
    public static final String NAME = "Simulator";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DecodedImage decode(byte[] wlt) throws WltDecodingException {
        byte[] mark = SampleDocuments.SIMULATOR_WLT;
        if (wlt.length < mark.length || !Arrays.equals(wlt, 0, mark.length, mark, 0, mark.length)) {
            throw new WltDecodingException("not one of the simulator's sample cards");
        }
        return SampleDocuments.sampleFace();
    }
}
