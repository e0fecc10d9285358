package com.payband.console.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Points in time as staff type them on the command line. */
final class Times {

    private Times() {
    }

    /**
     * An instant ({@code 2026-12-01T08:00:00Z}), a date and time on this computer's clock
     * ({@code 2026-12-01T09:30}), or a date (its first moment here: {@code 2026-12-01}).
     */
    static Optional<Instant> parse(String text, ZoneId zone) {
        String t = text.strip();
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(LocalDateTime.parse(t).atZone(zone).toInstant());
            } catch (DateTimeParseException notADateTime) {
                try {
                    return Optional.of(LocalDate.parse(t).atStartOfDay(zone).toInstant());
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        }
    }
}
