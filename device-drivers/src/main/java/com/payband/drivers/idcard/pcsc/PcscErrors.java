package com.payband.drivers.idcard.pcsc;

import java.util.Set;

/**
 * PC/SC error codes as the JDK reports them: the message of the {@code PCSCException} that causes a
 * {@code CardException} is the code's name (SCARD_E_NO_SERVICE, SCARD_W_REMOVED_CARD, ...).
 */
final class PcscErrors {

    private static final Set<String> SERVICE_GONE = Set.of(
            "SCARD_E_NO_SERVICE", "SCARD_E_SERVICE_STOPPED", "SCARD_E_INVALID_HANDLE", "SCARD_E_NO_SMARTCARD_SERVICE");
    private static final Set<String> CARD_GONE = Set.of(
            "SCARD_W_REMOVED_CARD", "SCARD_E_NO_SMARTCARD", "SCARD_W_RESET_CARD", "SCARD_W_UNPOWERED_CARD",
            "SCARD_W_UNRESPONSIVE_CARD", "SCARD_E_NOT_TRANSACTED");
    private static final Set<String> READER_GONE = Set.of(
            "SCARD_E_UNKNOWN_READER", "SCARD_E_READER_UNAVAILABLE", "SCARD_E_NO_READERS_AVAILABLE");

    private PcscErrors() {
    }

    /** The first SCARD_ code named in {@code t} or its causes, or the innermost message. */
    static String code(Throwable t) {
        String last = String.valueOf(t);
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null) {
                int at = m.indexOf("SCARD_");
                if (at >= 0) {
                    int end = at;
                    while (end < m.length() && (Character.isLetterOrDigit(m.charAt(end)) || m.charAt(end) == '_')) {
                        end++;
                    }
                    return m.substring(at, end);
                }
                last = m;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return last;
    }

    static boolean isServiceGone(String code) {
        return SERVICE_GONE.contains(code);
    }

    static boolean isCardGone(String code) {
        return CARD_GONE.contains(code) || code.contains("Card has been removed")
                || code.contains("Card has been disconnected");
    }

    static boolean isReaderGone(String code) {
        return READER_GONE.contains(code);
    }

    static boolean isNoReaders(String code) {
        return "SCARD_E_NO_READERS_AVAILABLE".equals(code);
    }
}
