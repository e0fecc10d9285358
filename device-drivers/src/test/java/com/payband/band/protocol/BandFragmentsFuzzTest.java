package com.payband.band.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * GATT writes and indications as a radio delivers them, fuzzed: any run of fragments (each prefixed by its length
 * in the input) fed to the reassembly. A message comes out only whole and within the protocol's size, or the
 * fragments are refused with ProtocolException. And any message, cut at any MTU, comes back as it was.
 */
class BandFragmentsFuzzTest {

    // plain checks, not AssertJ: the fuzzer runs this millions of times
    @FuzzTest(maxDuration = "10s")
    void fragments(byte[] input) {
        Fragments.Assembly assembly = new Fragments.Assembly();
        int at = 0;
        while (at < input.length) {
            int length = Math.min(input[at] & 0xFF, input.length - at - 1);
            byte[] fragment = Arrays.copyOfRange(input, at + 1, at + 1 + length);
            at += 1 + length;
            try {
                byte[] message = assembly.accept(fragment);
                if (message != null && message.length > Fragments.MAX_MESSAGE) {
                    throw new AssertionError("a message of " + message.length + " bytes came out");
                }
            } catch (ProtocolException refused) {
                if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                    throw new AssertionError("a refusal without words", refused);
                }
            }
        }

        // the same bytes as one message, cut and put together again
        if (input.length > 0 && input.length <= Fragments.MAX_MESSAGE) {
            int mtu = 23 + (input[0] & 0xFF);
            Fragments.Assembly whole = new Fragments.Assembly();
            byte[] out = null;
            try {
                for (byte[] fragment : Fragments.split(input, mtu)) {
                    if (out != null) {
                        throw new AssertionError("a fragment after the message was complete");
                    }
                    out = whole.accept(fragment);
                }
            } catch (ProtocolException e) {
                throw new AssertionError("the protocol's own fragments refused at MTU " + mtu, e);
            }
            if (!Arrays.equals(out, input)) {
                throw new AssertionError("the message did not come back as it was, MTU " + mtu);
            }
        }
    }
}
