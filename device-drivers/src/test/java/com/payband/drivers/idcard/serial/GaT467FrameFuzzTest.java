package com.payband.drivers.idcard.serial;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * What a serial line delivers, fuzzed: any bytes, in any chunking, fed to the GA/T 467 frame decoder. It never
 * throws, never loops, and every frame it hands over was on the line as a whole frame with a valid checksum.
 */
class GaT467FrameFuzzTest {

    // plain checks, not AssertJ: the fuzzer runs this millions of times
    @FuzzTest(maxDuration = "10s")
    void frames(byte[] line) {
        FrameDecoder decoder = new FrameDecoder();
        // the first byte chooses how the line is cut into reads, as a USB-serial adapter cuts it
        int chunk = line.length == 0 ? 1 : 1 + (line[0] & 0x3F);
        for (int at = 0; at < line.length; at += chunk) {
            decoder.feed(line, at, Math.min(chunk, line.length - at));
            for (int results = 0; ; results++) {
                if (results > line.length + 1) {
                    throw new AssertionError("more results than bytes on the line: the decoder loops");
                }
                FrameDecoder.Result r = decoder.next();
                if (r instanceof FrameDecoder.Result.NeedMore) {
                    break;
                }
                if (r instanceof FrameDecoder.Result.Complete c) {
                    if (indexOf(line, Frames.encode(c.payload())) < 0) {
                        throw new AssertionError("a frame that was not on the line");
                    }
                }
            }
            if (decoder.pendingBytes() < 0 || decoder.pendingBytes() > line.length) {
                throw new AssertionError("pending bytes " + decoder.pendingBytes() + " of " + line.length);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
