package com.payband.drivers.idcard.serial;

/** A WLT photo that a {@link WltDecoder} could not decode. */
public final class WltDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    public WltDecodingException(String detail) {
        super(detail);
    }

    public WltDecodingException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
