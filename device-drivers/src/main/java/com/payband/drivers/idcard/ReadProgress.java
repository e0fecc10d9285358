package com.payband.drivers.idcard;

/**
 * How far a read has come.
 *
 * @param fraction 0.0 to 1.0 over the whole read
 */
public record ReadProgress(Stage stage, double fraction) {

    public enum Stage {
        DETECTING_CARD,
        AUTHENTICATING,
        READING_TEXT,
        READING_PORTRAIT,
        VERIFYING,
        DONE
    }

    public ReadProgress {
        java.util.Objects.requireNonNull(stage, "stage");
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction must be within 0..1: " + fraction);
        }
    }
}
