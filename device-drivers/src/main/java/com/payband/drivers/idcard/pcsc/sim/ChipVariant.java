package com.payband.drivers.idcard.pcsc.sim;

/** How a virtual passport's chip differs from a genuine one. */
public enum ChipVariant {
    /** Files as the issuing state signed them: passive authentication VALID against its CSCA. */
    GENUINE,
    /** DG1 altered after signing (another name): the DG1 hash in EF.SOD no longer matches. */
    TAMPERED_DG1,
    /** EF.SOD signed by a forger's document signer that claims the real CSCA as issuer. */
    WRONG_SIGNER,
    /** A contactless card without the ICAO eMRTD application (a transport or bank card). */
    NOT_AN_EMRTD
}
