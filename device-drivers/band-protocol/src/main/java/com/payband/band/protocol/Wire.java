package com.payband.band.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;

/** Little-endian reading and writing of protocol fields; a short or over-long message is a ProtocolException. */
public final class Wire {

    private Wire() {
    }

    /** Builds a message field by field. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Writer u8(int v) {
            out.write(v & 0xFF);
            return this;
        }

        public Writer u16(int v) {
            out.write(v & 0xFF);
            out.write((v >>> 8) & 0xFF);
            return this;
        }

        public Writer u32(long v) {
            return u16((int) (v & 0xFFFF)).u16((int) ((v >>> 16) & 0xFFFF));
        }

        public Writer u64(long v) {
            return u32(v & 0xFFFFFFFFL).u32(v >>> 32);
        }

        public Writer bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public Writer ascii(String s) {
            return bytes(s.getBytes(StandardCharsets.US_ASCII));
        }

        /** A length (u16) then the bytes. */
        public Writer blob16(byte[] b) {
            return u16(b.length).bytes(b);
        }

        /** A length (u8) then the bytes. */
        public Writer blob8(byte[] b) {
            if (b.length > 255) {
                throw new IllegalArgumentException("blob8 longer than 255");
            }
            return u8(b.length).bytes(b);
        }

        public byte[] toBytes() {
            return out.toByteArray();
        }
    }

    /** Reads a message field by field; {@link #end()} insists nothing is left over. */
    public static final class Reader {
        private final ByteBuffer buffer;

        public Reader(byte[] message) {
            this.buffer = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        }

        public int u8() throws ProtocolException {
            try {
                return buffer.get() & 0xFF;
            } catch (BufferUnderflowException e) {
                throw new ProtocolException("message too short");
            }
        }

        public int u16() throws ProtocolException {
            try {
                return buffer.getShort() & 0xFFFF;
            } catch (BufferUnderflowException e) {
                throw new ProtocolException("message too short");
            }
        }

        public long u32() throws ProtocolException {
            try {
                return buffer.getInt() & 0xFFFFFFFFL;
            } catch (BufferUnderflowException e) {
                throw new ProtocolException("message too short");
            }
        }

        public long u64() throws ProtocolException {
            try {
                return buffer.getLong();
            } catch (BufferUnderflowException e) {
                throw new ProtocolException("message too short");
            }
        }

        public byte[] bytes(int n) throws ProtocolException {
            if (n < 0 || n > buffer.remaining()) {
                throw new ProtocolException("message too short");
            }
            byte[] b = new byte[n];
            buffer.get(b);
            return b;
        }

        public String ascii(int n) throws ProtocolException {
            return new String(bytes(n), StandardCharsets.US_ASCII);
        }

        public byte[] blob16() throws ProtocolException {
            return bytes(u16());
        }

        public byte[] blob8() throws ProtocolException {
            return bytes(u8());
        }

        public byte[] rest() {
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            return b;
        }

        public int remaining() {
            return buffer.remaining();
        }

        public void end() throws ProtocolException {
            if (buffer.hasRemaining()) {
                throw new ProtocolException("message too long");
            }
        }
    }
}
