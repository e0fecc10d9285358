package com.payband.drivers.idcard.serial;

import java.util.Arrays;

/**
 * The data of a successful read-text-and-photo answer: text length and photo length (two bytes each,
 * big-endian: 0x0100 and 0x0400), the 256-byte text block, the 1024-byte WLT photo. Personal data:
 * never logged.
 */
public record CardData(byte[] text, byte[] photo) {

    public static final int TEXT_LENGTH = 256;
    public static final int PHOTO_LENGTH = 1024;

    public CardData {
        text = text.clone();
        photo = photo.clone();
    }

    /**
     * @throws IllegalArgumentException if the lengths do not add up or are not the protocol's
     */
    public static CardData decode(byte[] data) {
        if (data.length < 4) {
            throw new IllegalArgumentException("a card record needs 4 length bytes, got " + data.length + " bytes");
        }
        int textLength = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        int photoLength = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        if (textLength != TEXT_LENGTH || photoLength > PHOTO_LENGTH) {
            throw new IllegalArgumentException("unexpected text/photo lengths " + textLength + "/" + photoLength);
        }
        if (data.length != 4 + textLength + photoLength) {
            throw new IllegalArgumentException("lengths " + textLength + "+" + photoLength
                    + " do not match the " + (data.length - 4) + " bytes received");
        }
        return new CardData(Arrays.copyOfRange(data, 4, 4 + textLength),
                Arrays.copyOfRange(data, 4 + textLength, data.length));
    }

    public byte[] encode() {
        byte[] data = new byte[4 + text.length + photo.length];
        data[0] = (byte) (text.length >>> 8);
        data[1] = (byte) text.length;
        data[2] = (byte) (photo.length >>> 8);
        data[3] = (byte) photo.length;
        System.arraycopy(text, 0, data, 4, text.length);
        System.arraycopy(photo, 0, data, 4 + text.length, photo.length);
        return data;
    }

    @Override
    public byte[] text() {
        return text.clone();
    }

    @Override
    public byte[] photo() {
        return photo.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardData d && Arrays.equals(d.text, text) && Arrays.equals(d.photo, photo);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(text) + Arrays.hashCode(photo);
    }

    @Override
    public String toString() {
        return "CardData[" + text.length + " + " + photo.length + " bytes withheld]";
    }
}
