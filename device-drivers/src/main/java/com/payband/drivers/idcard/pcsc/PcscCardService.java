package com.payband.drivers.idcard.pcsc;

import java.util.Objects;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import net.sf.scuba.smartcards.CardService;
import net.sf.scuba.smartcards.CardServiceException;
import net.sf.scuba.smartcards.CommandAPDU;
import net.sf.scuba.smartcards.ResponseAPDU;

/**
 * JMRTD's card abstraction over one {@code javax.smartcardio} connection. The project's own rather than
 * scuba-sc-j2se's, so that the PC/SC error (card removed, reader gone, service gone) stays in the
 * cause chain for {@link PcscErrors} and nothing else connects behind the driver's back.
 */
final class PcscCardService extends CardService {
    // Used by the read's own thread only (connect, exchanges, disconnect): see PcscGate.

    private final CardTerminal terminal;
    private Card card;
    private CardChannel channel;

    PcscCardService(CardTerminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public void open() throws CardServiceException {
        if (isOpen()) {
            return;
        }
        try {
            card = PcscGate.call(() -> terminal.connect("*"));
            channel = card.getBasicChannel();
            state = SESSION_STARTED_STATE;
        } catch (CardException | RuntimeException e) {
            throw new CardServiceException("connect failed: " + PcscErrors.code(e), e);
        }
    }

    @Override
    public boolean isOpen() {
        return state == SESSION_STARTED_STATE;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) throws CardServiceException {
        if (channel == null) {
            throw new CardServiceException("not connected");
        }
        try {
            CardChannel c = channel;
            javax.smartcardio.ResponseAPDU r = PcscGate.call(
                    () -> c.transmit(new javax.smartcardio.CommandAPDU(command.getBytes())));
            return new ResponseAPDU(r.getBytes());
        } catch (CardException | IllegalStateException e) {
            throw new CardServiceException("transmit failed: " + PcscErrors.code(e), e);
        } catch (IllegalArgumentException e) {
            // an answer shorter than a status word: the card went (or was swapped) mid-command
            throw new CardServiceException("transmit failed: truncated response", e);
        }
    }

    @Override
    public byte[] getATR() {
        return card == null ? new byte[0] : card.getATR().getBytes();
    }

    @Override
    public boolean isExtendedAPDULengthSupported() {
        return false;
    }

    @Override
    public void close() {
        Card c = card;
        card = null;
        channel = null;
        state = SESSION_STOPPED_STATE;
        if (c != null) {
            try {
                PcscGate.call(() -> {
                    c.disconnect(false);
                    return null;
                });
            } catch (CardException | IllegalStateException e) {
                // The card or the service is gone already: nothing left to release.
            }
        }
    }

    @Override
    public boolean isConnectionLost(Exception e) {
        String code = PcscErrors.code(e);
        return PcscErrors.isCardGone(code) || PcscErrors.isReaderGone(code) || PcscErrors.isServiceGone(code);
    }
}
