package com.payband.drivers.idcard.pcsc.sim;

import com.payband.drivers.idcard.check.MrzCheckDigit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The ICAO 9303 eMRTD application of a virtual passport, the subset a reader needs (Part 10 and 11):
 * SELECT of the application and of elementary files, GET CHALLENGE, MUTUAL AUTHENTICATE (BAC with
 * the keys derived from the MRZ), secure messaging (3DES, retail MAC, send sequence counter) and READ
 * BINARY with offsets (INS B0, and B1 for large offsets). Files are readable only under secure
 * messaging, as on a real BAC chip. A failed MUTUAL AUTHENTICATE answers 6300 and leaves the chip
 * ready for another attempt.
 *
 * <p>Not implemented: PACE (the chip has no EF.CardAccess, so readers fall back to BAC), Active and
 * Chip Authentication, EAC.
 */
public final class PassportApplet implements CardApplet {

    /** The LDS1 eMRTD application identifier. */
    static final byte[] AID = {(byte) 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

    /** A contactless ISO 14443 card's ATR as PC/SC readers build it: no historical bytes. */
    private static final byte[] ATR = {0x3B, (byte) 0x80, (byte) 0x80, 0x01, 0x01};

    private static final int SW_OK = 0x9000;
    private static final int SW_WRONG_LENGTH = 0x6700;
    private static final int SW_SECURITY_NOT_SATISFIED = 0x6982;
    private static final int SW_CONDITIONS_NOT_SATISFIED = 0x6985;
    private static final int SW_SM_DATA_OBJECTS_INCORRECT = 0x6988;
    private static final int SW_AUTHENTICATION_FAILED = 0x6300;
    private static final int SW_FILE_NOT_FOUND = 0x6A82;
    private static final int SW_WRONG_P1P2 = 0x6B00;
    private static final int SW_INS_NOT_SUPPORTED = 0x6D00;
    private static final int SW_CLA_NOT_SUPPORTED = 0x6E00;

    private final PassportChip chip;
    private final byte[] bacEnc;
    private final byte[] bacMac;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger commands = new AtomicInteger();
    private volatile Snatch snatch;

    // Card state, touched only on the card's thread.
    private boolean appletSelected;
    private byte[] selected;
    private short selectedFid;
    private byte[] challenge;
    private byte[] sessionEnc;
    private byte[] sessionMac;
    private long ssc;

    public PassportApplet(PassportChip chip) {
        this.chip = Objects.requireNonNull(chip, "chip");
        PassportHolder h = chip.holder();
        String number = h.documentNumber().length() < 9
                ? h.documentNumber() + "<".repeat(9 - h.documentNumber().length()) : h.documentNumber();
        String birth = h.line2().substring(13, 19);
        String expiry = h.line2().substring(21, 27);
        String mrzInformation = number + MrzCheckDigit.compute(number) + birth + MrzCheckDigit.compute(birth)
                + expiry + MrzCheckDigit.compute(expiry);
        byte[] seed = Arrays.copyOf(sha1(mrzInformation.getBytes(StandardCharsets.US_ASCII)), 16);
        this.bacEnc = deriveKey(seed, 1);
        this.bacMac = deriveKey(seed, 2);
    }

    public PassportChip chip() {
        return chip;
    }

    /** Command APDUs answered since the card was made. */
    public int commandCount() {
        return commands.get();
    }

    /**
     * The next READ BINARY of {@code fid} at or past {@code offset} takes the card off the reader
     * instead of answering: a holder pulling the passport away mid-read, at a known point.
     */
    public void snatchWhenReading(short fid, int offset) {
        snatch = new Snatch(fid, offset);
    }

    @Override
    public byte[] atr() {
        return ATR.clone();
    }

    @Override
    public void reset() {
        appletSelected = false;
        selected = null;
        challenge = null;
        endSession();
    }

    @Override
    public byte[] process(byte[] apdu) {
        commands.incrementAndGet();
        Command c;
        try {
            c = Command.parse(apdu);
        } catch (IllegalArgumentException e) {
            return sw(SW_WRONG_LENGTH);
        }
        if ((c.cla & 0x0C) == 0x0C) {
            return secure(c);
        }
        if (c.cla != 0x00) {
            return sw(SW_CLA_NOT_SUPPORTED);
        }
        if (sessionEnc != null) {
            // A plain command ends the secure-messaging session (ICAO 9303-11, 9.8.6).
            endSession();
        }
        Response r = plain(c);
        return r.encode();
    }

    private Response plain(Command c) {
        return switch (c.ins) {
            case 0xA4 -> select(c, false);
            case 0x84 -> getChallenge(c);
            case 0x82 -> mutualAuthenticate(c);
            case 0xB0, 0xB1 -> new Response(null, SW_SECURITY_NOT_SATISFIED);
            default -> new Response(null, SW_INS_NOT_SUPPORTED);
        };
    }

    private Response select(Command c, boolean secured) {
        if (c.p1 == 0x04) {
            if (chip.variant() == ChipVariant.NOT_AN_EMRTD || !Arrays.equals(c.data, AID)) {
                return new Response(null, SW_FILE_NOT_FOUND);
            }
            appletSelected = true;
            selected = null;
            return new Response(null, SW_OK);
        }
        if (c.data.length == 0 || (c.data.length == 2 && c.data[0] == 0x3F && c.data[1] == 0x00)) {
            appletSelected = false; // the master file
            selected = null;
            return new Response(null, SW_OK);
        }
        if (c.data.length != 2) {
            return new Response(null, SW_WRONG_P1P2);
        }
        short fid = (short) (((c.data[0] & 0xFF) << 8) | (c.data[1] & 0xFF));
        byte[] file = appletSelected && chip.variant() != ChipVariant.NOT_AN_EMRTD ? chip.file(fid) : null;
        if (file == null) {
            return new Response(null, SW_FILE_NOT_FOUND);
        }
        if (!secured) {
            return new Response(null, SW_SECURITY_NOT_SATISFIED);
        }
        selected = file;
        selectedFid = fid;
        return new Response(null, SW_OK);
    }

    private Response getChallenge(Command c) {
        if (!appletSelected) {
            return new Response(null, SW_CONDITIONS_NOT_SATISFIED);
        }
        if (c.le != 8) {
            return new Response(null, SW_WRONG_LENGTH);
        }
        challenge = new byte[8];
        random.nextBytes(challenge);
        return new Response(challenge.clone(), SW_OK);
    }

    private Response mutualAuthenticate(Command c) {
        byte[] rndIc = challenge;
        challenge = null;
        if (rndIc == null || !appletSelected) {
            return new Response(null, SW_CONDITIONS_NOT_SATISFIED);
        }
        if (c.data.length != 40) {
            return new Response(null, SW_WRONG_LENGTH);
        }
        byte[] eIfd = Arrays.copyOf(c.data, 32);
        byte[] mIfd = Arrays.copyOfRange(c.data, 32, 40);
        if (!MessageDigest.isEqual(mac(bacMac, eIfd), mIfd)) {
            return new Response(null, SW_AUTHENTICATION_FAILED);
        }
        byte[] s = cipher(bacEnc, eIfd, false);
        byte[] rndIfd = Arrays.copyOfRange(s, 0, 8);
        if (!MessageDigest.isEqual(Arrays.copyOfRange(s, 8, 16), rndIc)) {
            return new Response(null, SW_AUTHENTICATION_FAILED);
        }
        byte[] kIfd = Arrays.copyOfRange(s, 16, 32);
        byte[] kIc = new byte[16];
        random.nextBytes(kIc);
        byte[] r = concat(rndIc, rndIfd, kIc);
        byte[] eIc = cipher(bacEnc, r, true);
        byte[] answer = concat(eIc, mac(bacMac, eIc));
        byte[] seed = new byte[16];
        for (int i = 0; i < 16; i++) {
            seed[i] = (byte) (kIfd[i] ^ kIc[i]);
        }
        sessionEnc = deriveKey(seed, 1);
        sessionMac = deriveKey(seed, 2);
        ssc = 0;
        for (int i = 4; i < 8; i++) {
            ssc = (ssc << 8) | (rndIc[i] & 0xFF);
        }
        for (int i = 4; i < 8; i++) {
            ssc = (ssc << 8) | (rndIfd[i] & 0xFF);
        }
        return new Response(answer, SW_OK);
    }

    /** A command under secure messaging: check its MAC, decrypt, run it, protect the answer. */
    private byte[] secure(Command c) {
        if (sessionEnc == null) {
            return sw(SW_SM_DATA_OBJECTS_INCORRECT);
        }
        ssc++;
        byte[] do87 = null;
        byte[] do97 = null;
        byte[] mac = null;
        int macStart = -1;
        int i = 0;
        byte[] d = c.data;
        try {
            while (i < d.length) {
                int start = i;
                int tag = d[i++] & 0xFF;
                int len = d[i++] & 0xFF;
                if (len == 0x81) {
                    len = d[i++] & 0xFF;
                } else if (len == 0x82) {
                    len = ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
                    i += 2;
                }
                byte[] value = Arrays.copyOfRange(d, i, i + len);
                i += len;
                switch (tag) {
                    case 0x87, 0x85 -> do87 = Arrays.copyOfRange(d, start, i);
                    case 0x97 -> do97 = value;
                    case 0x8E -> {
                        mac = value;
                        macStart = start;
                    }
                    default -> {
                        endSession();
                        return sw(SW_SM_DATA_OBJECTS_INCORRECT);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            endSession();
            return sw(SW_SM_DATA_OBJECTS_INCORRECT);
        }
        if (mac == null) {
            endSession();
            return sw(SW_SM_DATA_OBJECTS_INCORRECT);
        }
        byte[] header = pad(new byte[] {(byte) c.cla, (byte) c.ins, (byte) c.p1, (byte) c.p2});
        byte[] expected = mac(sessionMac, concat(counter(), header, Arrays.copyOf(d, macStart)));
        if (!MessageDigest.isEqual(expected, mac)) {
            endSession();
            return sw(SW_SM_DATA_OBJECTS_INCORRECT);
        }
        byte[] data = new byte[0];
        if (do87 != null) {
            int offset = 2 + ((do87[1] & 0xFF) == 0x81 ? 1 : (do87[1] & 0xFF) == 0x82 ? 2 : 0);
            byte[] value = Arrays.copyOfRange(do87, offset, do87.length);
            byte[] cryptogram = (do87[0] & 0xFF) == 0x87 ? Arrays.copyOfRange(value, 1, value.length) : value;
            data = unpad(cipher(sessionEnc, cryptogram, false));
        }
        int le = 0;
        if (do97 != null) {
            le = do97.length == 1 ? (do97[0] & 0xFF) : ((do97[0] & 0xFF) << 8) | (do97[1] & 0xFF);
            if (le == 0) {
                le = do97.length == 1 ? 256 : 65536;
            }
        }
        Command inner = new Command(c.cla & ~0x0C, c.ins, c.p1, c.p2, data, le);
        Response r = switch (inner.ins) {
            case 0xA4 -> select(inner, true);
            case 0xB0, 0xB1 -> readBinary(inner);
            default -> new Response(null, SW_INS_NOT_SUPPORTED);
        };
        return protect(r);
    }

    private Response readBinary(Command c) {
        int offset;
        if (c.ins == 0xB1) {
            // Offset in a DO54 of the command data; the answer is wrapped in a DO53.
            if (c.data.length < 3 || (c.data[0] & 0xFF) != 0x54) {
                return new Response(null, SW_WRONG_P1P2);
            }
            offset = 0;
            for (int k = 2; k < 2 + (c.data[1] & 0xFF); k++) {
                offset = (offset << 8) | (c.data[k] & 0xFF);
            }
        } else if ((c.p1 & 0x80) != 0) {
            // Short EF identifier: EF.DGn is SFI n, EF.COM 0x1E, EF.SOD 0x1D, all FID 01xx.
            short fid = (short) (0x0100 | (c.p1 & 0x1F));
            byte[] file = chip.file(fid);
            if (file == null) {
                return new Response(null, SW_FILE_NOT_FOUND);
            }
            selected = file;
            selectedFid = fid;
            offset = c.p2;
        } else {
            offset = ((c.p1 & 0x7F) << 8) | c.p2;
        }
        if (selected == null) {
            return new Response(null, SW_CONDITIONS_NOT_SATISFIED);
        }
        Snatch s = snatch;
        if (s != null && s.fid == selectedFid && offset >= s.offset) {
            snatch = null;
            throw new CardSnatchedException();
        }
        if (offset > selected.length) {
            return new Response(null, SW_WRONG_P1P2);
        }
        int n = Math.min(c.le, selected.length - offset);
        byte[] out = Arrays.copyOfRange(selected, offset, offset + n);
        if (c.ins == 0xB1) {
            out = tlv(0x53, out);
        }
        return new Response(out, SW_OK);
    }

    private byte[] protect(Response r) {
        ssc++;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (r.data != null && r.data.length > 0) {
            byte[] cryptogram = cipher(sessionEnc, pad(r.data), true);
            body.writeBytes(tlv(0x87, concat(new byte[] {0x01}, cryptogram)));
        }
        body.writeBytes(new byte[] {(byte) 0x99, 0x02, (byte) (r.sw >> 8), (byte) r.sw});
        byte[] macInput = concat(counter(), body.toByteArray());
        body.writeBytes(tlv(0x8E, mac(sessionMac, macInput)));
        body.writeBytes(new byte[] {(byte) (r.sw >> 8), (byte) r.sw});
        return body.toByteArray();
    }

    private void endSession() {
        sessionEnc = null;
        sessionMac = null;
        ssc = 0;
    }

    private byte[] counter() {
        byte[] b = new byte[8];
        long v = ssc;
        for (int k = 7; k >= 0; k--) {
            b[k] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    // --- crypto: ICAO 9303-11 section 9.7 (key derivation) and 9.8 (3DES secure messaging) ---

    private static byte[] deriveKey(byte[] seed, int counter) {
        byte[] hash = sha1(concat(seed, new byte[] {0, 0, 0, (byte) counter}));
        return Arrays.copyOf(hash, 16);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java platform", e);
        }
    }

    /** 3DES (two keys) in CBC mode with a zero IV, on whole blocks. */
    private static byte[] cipher(byte[] key, byte[] data, boolean encrypt) {
        BlockCipher cbc = CBCBlockCipher.newInstance(new DESedeEngine());
        cbc.init(encrypt, new ParametersWithIV(new KeyParameter(key), new byte[8]));
        byte[] out = new byte[data.length];
        for (int k = 0; k < data.length; k += 8) {
            cbc.processBlock(data, k, out, k);
        }
        return out;
    }

    /** ISO 9797-1 MAC algorithm 3 (retail MAC) with DES and padding method 2. */
    private static byte[] mac(byte[] key, byte[] data) {
        ISO9797Alg3Mac m = new ISO9797Alg3Mac(new DESEngine(), new ISO7816d4Padding());
        m.init(new KeyParameter(key));
        m.update(data, 0, data.length);
        byte[] out = new byte[8];
        m.doFinal(out, 0);
        return out;
    }

    private static byte[] pad(byte[] data) {
        byte[] out = Arrays.copyOf(data, (data.length / 8 + 1) * 8);
        out[data.length] = (byte) 0x80;
        return out;
    }

    private static byte[] unpad(byte[] data) {
        int end = data.length - 1;
        while (end >= 0 && data[end] == 0) {
            end--;
        }
        return end >= 0 && (data[end] & 0xFF) == 0x80 ? Arrays.copyOf(data, end) : data;
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 4);
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else if (value.length < 0x100) {
            out.write(0x81);
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >> 8);
            out.write(value.length);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    @Override
    public String toString() {
        return "PassportApplet[" + chip.variant() + "]";
    }

    private record Snatch(short fid, int offset) { }

    private record Response(byte[] data, int sw) {
        byte[] encode() {
            byte[] d = data == null ? new byte[0] : data;
            byte[] out = Arrays.copyOf(d, d.length + 2);
            out[d.length] = (byte) (sw >> 8);
            out[d.length + 1] = (byte) sw;
            return out;
        }
    }

    /** A command APDU, short or extended length (ISO 7816-4, 5.1). */
    private record Command(int cla, int ins, int p1, int p2, byte[] data, int le) {
        static Command parse(byte[] a) {
            if (a.length < 4) {
                throw new IllegalArgumentException("short APDU");
            }
            int cla = a[0] & 0xFF;
            int ins = a[1] & 0xFF;
            int p1 = a[2] & 0xFF;
            int p2 = a[3] & 0xFF;
            if (a.length == 4) {
                return new Command(cla, ins, p1, p2, new byte[0], 0);
            }
            if (a.length == 5) {
                int le = a[4] & 0xFF;
                return new Command(cla, ins, p1, p2, new byte[0], le == 0 ? 256 : le);
            }
            if (a[4] == 0 && a.length >= 7) {
                // Extended length.
                int lc = ((a[5] & 0xFF) << 8) | (a[6] & 0xFF);
                if (a.length == 7) {
                    return new Command(cla, ins, p1, p2, new byte[0], lc == 0 ? 65536 : lc);
                }
                byte[] data = Arrays.copyOfRange(a, 7, 7 + lc);
                int rest = a.length - 7 - lc;
                int le = 0;
                if (rest == 2) {
                    le = ((a[7 + lc] & 0xFF) << 8) | (a[8 + lc] & 0xFF);
                    le = le == 0 ? 65536 : le;
                } else if (rest != 0) {
                    throw new IllegalArgumentException("bad extended APDU");
                }
                return new Command(cla, ins, p1, p2, data, le);
            }
            int lc = a[4] & 0xFF;
            if (a.length < 5 + lc) {
                throw new IllegalArgumentException("APDU shorter than Lc");
            }
            byte[] data = Arrays.copyOfRange(a, 5, 5 + lc);
            int le = 0;
            if (a.length == 6 + lc) {
                le = a[5 + lc] & 0xFF;
                le = le == 0 ? 256 : le;
            } else if (a.length != 5 + lc) {
                throw new IllegalArgumentException("bad APDU length");
            }
            return new Command(cla, ins, p1, p2, data, le);
        }
    }
}
