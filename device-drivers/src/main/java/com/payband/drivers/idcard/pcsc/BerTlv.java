package com.payband.drivers.idcard.pcsc;

/**
 * Checks the BER-TLV structure of a file read from a chip before JMRTD decodes it: JMRTD trusts the lengths it
 * reads, and a length of gigabytes (found by fuzzing: seven length bytes in a DG2) makes it allocate or read for
 * that long. Every length must fit in what encloses it, constructed values recursively.
 */
final class BerTlv {

    private static final int MAX_DEPTH = 16;

    private BerTlv() {
    }

    /** Whether the file starts with one well-formed TLV (bytes after it are not looked at). */
    static boolean wellFormed(byte[] file) {
        return file.length > 0 && element(file, 0, file.length, 0) > 0;
    }

    /** @return the offset after the element at {@code at}, or -1 if it does not fit in {@code end} */
    private static int element(byte[] b, int at, int end, int depth) {
        if (depth > MAX_DEPTH || at >= end) {
            return -1;
        }
        boolean constructed = (b[at] & 0x20) != 0;
        int i = at + 1;
        if ((b[at] & 0x1F) == 0x1F) { // tag number in the following bytes
            int tagBytes = 0;
            while (i < end && (b[i] & 0x80) != 0) {
                i++;
                if (++tagBytes > 3) {
                    return -1;
                }
            }
            i++;
        }
        if (i >= end) {
            return -1;
        }
        int first = b[i++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7F;
            if (count == 0 || count > 4 || i + count > end) { // indefinite, or more than a chip file can hold
                return -1;
            }
            length = 0;
            for (int k = 0; k < count; k++) {
                length = (length << 8) | (b[i++] & 0xFF);
            }
        }
        if (length > end - i) {
            return -1;
        }
        int valueEnd = i + (int) length;
        if (constructed) {
            for (int inner = i; inner < valueEnd; ) {
                inner = element(b, inner, valueEnd, depth + 1);
                if (inner < 0) {
                    return -1;
                }
            }
        }
        return valueEnd;
    }
}
