package com.payband.console.receipt;

/** A receipt that could not be made; the reason decides what staff are told ({@code error.receipt.<reason>}). */
public final class ReceiptException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The receipt has Chinese (or other CJK) text and no installed font can show it. */
        NO_CJK_FONT,
        /** No installed font can show the receipt's text (no CJK in it). */
        NO_FONT,
        /** The font named by {@value ReceiptFonts#FONT_PROPERTY} cannot be read, embedded, or show the text. */
        FONT_UNUSABLE,
        /** Writing the PDF failed. */
        RENDER_FAILED,
        /** The printer refused the job or could not be reached. */
        PRINT_FAILED
    }

    private final Reason reason;

    public ReceiptException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ReceiptException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
