package com.payband.drivers.idcard;

/** Sex as recorded on a document; ICAO 9303 allows "unspecified" (X or &lt;). */
public enum Sex {
    MALE,
    FEMALE,
    UNSPECIFIED
}
