package com.payband.band.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a message into Control Point writes of at most MTU − 3 bytes and puts it back together. Header
 * byte: bit 7 first, bit 6 last, bits 0–5 fragment index modulo 64; the first fragment then carries the
 * message length (u16).
 */
public final class Fragments {

    public static final int MAX_MESSAGE = 4096;
    private static final int FIRST = 0x80;
    private static final int LAST = 0x40;

    private Fragments() {
    }

    public static List<byte[]> split(byte[] message, int mtu) {
        if (message.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("message over " + MAX_MESSAGE + " bytes");
        }
        int payload = mtu - 3;
        if (payload < 4) {
            throw new IllegalArgumentException("MTU too small");
        }
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        int index = 0;
        do {
            boolean first = index == 0;
            int header = first ? 3 : 1;
            int n = Math.min(payload - header, message.length - at);
            boolean last = at + n == message.length;
            byte[] f = new byte[header + n];
            f[0] = (byte) ((first ? FIRST : 0) | (last ? LAST : 0) | (index & 0x3F));
            if (first) {
                f[1] = (byte) (message.length & 0xFF);
                f[2] = (byte) ((message.length >>> 8) & 0xFF);
            }
            System.arraycopy(message, at, f, header, n);
            out.add(f);
            at += n;
            index++;
        } while (at < message.length);
        return out;
    }

    /** Collects fragments of one message at a time; any irregularity discards the partial message. */
    public static final class Assembly {
        private ByteArrayOutputStream partial;
        private int expectedLength;
        private int nextIndex;

        /** @return the whole message when this fragment completed it, else null */
        public byte[] accept(byte[] fragment) throws ProtocolException {
            if (fragment.length < 1) {
                throw reset("empty fragment");
            }
            int header = fragment[0] & 0xFF;
            boolean first = (header & FIRST) != 0;
            boolean last = (header & LAST) != 0;
            int index = header & 0x3F;
            int offset = 1;
            if (first) {
                if (fragment.length < 3) {
                    throw reset("first fragment too short");
                }
                expectedLength = (fragment[1] & 0xFF) | ((fragment[2] & 0xFF) << 8);
                if (expectedLength > MAX_MESSAGE) {
                    throw reset("message over " + MAX_MESSAGE + " bytes");
                }
                if (index != 0) {
                    throw reset("first fragment with index " + index);
                }
                partial = new ByteArrayOutputStream();
                nextIndex = 0;
                offset = 3;
            } else if (partial == null) {
                throw reset("fragment without a first fragment");
            }
            if (index != (nextIndex & 0x3F)) {
                throw reset("fragment out of order");
            }
            partial.write(fragment, offset, fragment.length - offset);
            nextIndex++;
            if (partial.size() > expectedLength) {
                throw reset("message longer than announced");
            }
            if (last) {
                if (partial.size() != expectedLength) {
                    throw reset("message shorter than announced");
                }
                byte[] message = partial.toByteArray();
                partial = null;
                return message;
            }
            return null;
        }

        private ProtocolException reset(String why) {
            partial = null;
            return new ProtocolException("framing: " + why);
        }
    }
}
