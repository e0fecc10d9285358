package com.payband.drivers.idcard.pcsc.sim;

/** What runs on a {@link VirtualCard}: answers to reset and command APDUs. Called on the card's thread only. */
public interface CardApplet {

    /** The answer to reset pcscd reports for the card. */
    byte[] atr();

    /** Power cycle or warm reset: the card forgets its selection and any session. */
    void reset();

    /**
     * Answers one command APDU.
     *
     * @throws CardSnatchedException to take the card off the reader instead of answering
     */
    byte[] process(byte[] commandApdu);
}
