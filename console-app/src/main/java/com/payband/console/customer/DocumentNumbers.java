package com.payband.console.customer;

import java.text.Normalizer;
import java.util.Locale;

/** The form of a document number that is hashed for lookup: NFKC, upper case, no spaces or fillers. */
public final class DocumentNumbers {

    private DocumentNumbers() {
    }

    public static String normalise(String number) {
        return Normalizer.normalize(number, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT)
                .replaceAll("[\\s<\\-]", "");
    }
}
