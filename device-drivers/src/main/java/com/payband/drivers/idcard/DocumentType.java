package com.payband.drivers.idcard;

/** The kinds of identity documents the console accepts. */
public enum DocumentType {
    /** 居民身份证, the second-generation Chinese resident identity card (GB 16735, GA/T 467 readers). */
    CN_RESIDENT_ID_CARD,
    /** ICAO 9303 passport (document code P). */
    PASSPORT,
    /** ICAO 9303 identity card (document code I, A or C): national eID cards. */
    ICAO_ID_CARD
}
