package com.payband.band.protocol;

import java.util.UUID;

/** The PayBand service and its characteristics (ASCII "payband-band" in the last groups). */
public final class BandUuids {

    private static final String SUFFIX = "-7061-7962-616e-642d62616e64";

    private BandUuids() {
    }

    public static final UUID SERVICE = UUID.fromString("50420001" + SUFFIX);
    public static final UUID CONTROL_POINT = UUID.fromString("50420002" + SUFFIX);
    public static final UUID STATUS = UUID.fromString("50420003" + SUFFIX);

    /** Company identifier in the manufacturer data until one is assigned. */
    public static final int COMPANY_ID = 0xFFFF;
    public static final String LOCAL_NAME = "PayBand";
}
