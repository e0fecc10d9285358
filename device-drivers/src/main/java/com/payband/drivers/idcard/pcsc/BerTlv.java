package com.payband.drivers.idcard.pcsc;

/**
 * Checks the BER-TLV structure of a file read from a chip before JMRTD decodes it: JMRTD trusts the lengths it
 * reads, and a length of gigabytes (found by fuzzing: seven length bytes in a DG2) makes it allocate or read for
 * that long. Every length must fit in what encloses it, constructed values recursively; so must the lengths of a
 * biometric data block's face record (ISO/IEC 19794-5), from which JMRTD allocates the image (fuzzing again: a DG2 of
 * 12 KB whose face claimed gigabytes ran the console out of memory).
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
        // JMRTD's reader skips 00 and FF before any tag (padding): so does this check, or it would look at another
        // structure than the one JMRTD decodes (fuzzing: a DG2 of a leading 00 00, one empty TLV to this check,
        // whose face behind them claimed a gigabyte)
        while (at < end && (b[at] == 0x00 || b[at] == (byte) 0xFF)) {
            at++;
        }
        if (depth > MAX_DEPTH || at >= end) {
            return -1;
        }
        boolean constructed = (b[at] & 0x20) != 0;
        // a biometric data block, 5F2E or 7F2E: JMRTD reads either's value as a face record, never as TLVs
        boolean biometric = at + 1 < end && ((b[at] & 0xFF) == 0x5F || (b[at] & 0xFF) == 0x7F) && b[at + 1] == 0x2E;
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
        if (biometric) {
            return faceRecordFits(b, i, valueEnd) ? valueEnd : -1;
        }
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

    /**
     * A face record ("FAC\0", version, record length, number of faces, then each face's block with its length first)
     * whose record and block lengths fit in the data block. JMRTD reads them whatever the first bytes say (a wrong
     * marker is only logged), so they are checked whatever those say too; a block too short for the header is left to
     * JMRTD, whose reading stops at its end.
     */
    private static boolean faceRecordFits(byte[] b, int start, int end) {
        if (end - start < 14) {
            return true;
        }
        long record = uint32(b, start + 8);
        if (record > end - start) {
            return false;
        }
        int faces = ((b[start + 12] & 0xFF) << 8) | (b[start + 13] & 0xFF);
        long at = 14;
        for (int face = 0; face < faces; face++) {
            if (at + 4 > record) {
                return false;
            }
            long block = uint32(b, start + (int) at);
            if (block < 4 || at + block > record) {
                return false;
            }
            at += block;
        }
        return true;
    }

    private static long uint32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
