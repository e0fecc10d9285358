package com.payband.drivers.idcard.pcsc;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ICAO 9303 issuing-state codes (the MRZ's three letters, or Germany's single {@code D}) and the ISO 3166
 * country a CSCA certificate names in its {@code C=}: a document signer must be certified by a CSCA of
 * the state that issued the document, not by one trusted for another state.
 */
final class IssuingStates {

    /** Codes ICAO uses that are not the ISO alpha-3 code of the certificates' country. */
    private static final Map<String, String> ICAO_ONLY = Map.ofEntries(Map.entry("D", "DE"), Map.entry("UTO", "UT"),
            Map.entry("GBD", "GB"), Map.entry("GBN", "GB"), Map.entry("GBO", "GB"), Map.entry("GBP", "GB"),
            Map.entry("GBS", "GB"), Map.entry("EUE", "EU"), Map.entry("UNO", "UN"), Map.entry("UNA", "UN"),
            Map.entry("UNK", "UN"), Map.entry("RKS", "XK"));
    private static final Map<String, String> ISO_ALPHA3 = new HashMap<>();

    static {
        for (String alpha2 : Locale.getISOCountries()) {
            ISO_ALPHA3.put(new Locale("", alpha2).getISO3Country(), alpha2);
        }
    }

    private IssuingStates() {
    }

    /** The ISO 3166 alpha-2 country of an ICAO issuing-state code ({@code <} filler ignored), if it has one. */
    static Optional<String> country(String icaoState) {
        String code = icaoState == null ? "" : icaoState.replace("<", "").trim().toUpperCase(Locale.ROOT);
        if (ICAO_ONLY.containsKey(code)) {
            return Optional.of(ICAO_ONLY.get(code));
        }
        return Optional.ofNullable(ISO_ALPHA3.get(code));
    }

    /** Whether a CSCA of {@code certificateCountry} (its {@code C=}) may vouch for a document of {@code icaoState}. */
    static boolean sameState(String icaoState, String certificateCountry) {
        return certificateCountry != null
                && country(icaoState).map(c -> c.equalsIgnoreCase(certificateCountry.trim())).orElse(false);
    }
}
