package com.payband.console.cli;

import com.payband.console.binding.IllegalTransitionException;
import com.payband.console.crypto.KeyVaultException;
import com.payband.console.crypto.TamperedDataException;
import com.payband.console.customer.DocumentRefusedException;
import com.payband.console.customer.NoSuchCustomerException;
import com.payband.console.customer.OwnerMismatchException;
import com.payband.console.i18n.Messages;
import com.payband.console.staff.AccessDeniedException;
import com.payband.console.staff.PasswordPolicyException;
import com.payband.console.staff.SignInException;
import com.payband.console.staff.StaffException;
import com.payband.console.store.StoreException;
import com.payband.drivers.idcard.IdCardReadException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/** Turns whatever a command threw into an exit code and one line in the user's language. */
final class Failures {

    record Report(int exitCode, String message) {
    }

    private Failures() {
    }

    static Report describe(Throwable failure, Messages m) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CliFailure f) {
            return new Report(f.exitCode(), m.get(f.messageKey(), f.args()));
        }
        if (t instanceof StoreException e) {
            return switch (e.reason()) {
                case IN_USE -> new Report(ExitCode.STORE_IN_USE, m.get("error.store.inUse", holder(e.detail(), m)));
                case NOT_INITIALISED -> new Report(ExitCode.STORE_STATE, m.get("error.store.notInitialised", e.detail()));
                case ALREADY_INITIALISED -> new Report(ExitCode.STORE_STATE, m.get("error.store.alreadyInitialised", e.detail()));
                case KEY_MISMATCH -> new Report(ExitCode.STORE_STATE, m.get("error.store.keyMismatch", e.detail()));
                case MIGRATION_FAILED -> new Report(ExitCode.STORE_STATE, m.get("error.store.migration"));
                case IO -> new Report(ExitCode.IO_ERROR, m.get("error.io", e.detail()));
            };
        }
        if (t instanceof KeyVaultException e) {
            int code = e.reason() == KeyVaultException.Reason.PASSPHRASE_TOO_SHORT ? ExitCode.REFUSED : ExitCode.KEY_UNAVAILABLE;
            return new Report(code, m.get("error.key." + e.reason().name(),
                    com.payband.console.crypto.KeyVault.MINIMUM_PASSPHRASE_LENGTH));
        }
        if (t instanceof SignInException e) {
            String until = e.lockedUntil().map(i -> DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)
                    .withLocale(m.locale()).withZone(ZoneId.systemDefault()).format(i)).orElse("");
            return new Report(ExitCode.SIGN_IN_FAILED, m.get("error.signIn." + e.reason().name(), until));
        }
        if (t instanceof AccessDeniedException e) {
            return new Report(ExitCode.ACCESS_DENIED, m.get("error.access." + e.reason().name(),
                    e.action() == null ? "" : m.get("action." + e.action().name())));
        }
        if (t instanceof PasswordPolicyException e) {
            return new Report(ExitCode.REFUSED, m.get("error.password.policy", String.join(m.get("list.separator"),
                    e.violations().stream().map(v -> m.get("password.violation." + v.name(),
                            com.payband.console.staff.PasswordPolicy.MINIMUM_LENGTH)).toList())));
        }
        if (t instanceof StaffException e) {
            int code = e.reason() == StaffException.Reason.NO_SUCH_ACCOUNT ? ExitCode.NOT_FOUND : ExitCode.REFUSED;
            return new Report(code, m.get("error.staff." + e.reason().name()));
        }
        if (t instanceof DocumentRefusedException e) {
            return new Report(ExitCode.REFUSED, m.get("error.document.refused",
                    DocumentOutput.describe(m, e.checks().refusals())));
        }
        if (t instanceof OwnerMismatchException) {
            return new Report(ExitCode.REFUSED, m.get("error.owner.mismatch"));
        }
        if (t instanceof NoSuchCustomerException) {
            return new Report(ExitCode.NOT_FOUND, m.get("error.customer.none"));
        }
        if (t instanceof IllegalTransitionException e) {
            return new Report(ExitCode.REFUSED, m.get("error.transition", e.from().name(), e.reason().name()));
        }
        if (t instanceof IdCardReadException e) {
            int code = switch (e.failure()) {
                case NO_CARD, CARD_REMOVED -> ExitCode.NO_CARD;
                case READER_UNAVAILABLE, COMMUNICATION_ERROR, TIMEOUT, BUSY -> ExitCode.READER_FAILURE;
                case UNREADABLE_DOCUMENT, INVALID_DOCUMENT, ACCESS_DENIED -> ExitCode.DOCUMENT_INVALID;
            };
            return new Report(code, m.get("error.read." + e.failure().name()));
        }
        if (t instanceof com.payband.console.enrollment.EnrollmentException e) {
            int code = switch (e.reason()) {
                case BAND_NOT_FOUND, RADIO_UNAVAILABLE, UNRESOLVED -> ExitCode.BAND_UNREACHABLE;
                case ISSUER_UNAVAILABLE -> ExitCode.BAND_UNREACHABLE;
                default -> ExitCode.BAND_REFUSED;
            };
            return new Report(code, m.get("error.enroll." + e.reason().name(),
                    e.status().map(Enum::name).orElse(""), e.bindingId().map(Object::toString).orElse("")));
        }
        if (t instanceof com.payband.drivers.band.BandException e) {
            int code = switch (e.kind()) {
                case RADIO_UNAVAILABLE, NOT_FOUND, LINK_LOST, TIMEOUT -> ExitCode.BAND_UNREACHABLE;
                case COUNTERFEIT, REFUSED, PROTOCOL -> ExitCode.BAND_REFUSED;
            };
            return new Report(code, m.get("error.band." + e.kind().name(), e.status().map(Enum::name).orElse("")));
        }
        if (t instanceof TamperedDataException) {
            return new Report(ExitCode.AUDIT_TAMPERED, m.get("error.tampered"));
        }
        if (t instanceof java.io.IOException e) {
            return new Report(ExitCode.IO_ERROR, m.get("error.io", String.valueOf(e.getMessage())));
        }
        return new Report(ExitCode.INTERNAL_ERROR, m.get("error.internal", t.getClass().getSimpleName()));
    }

    /** "pid host since" as the lock file holds it, shown as "process 1234 on host since …". */
    private static String holder(String detail, Messages m) {
        String[] parts = detail == null ? new String[0] : detail.trim().split(" ", 3);
        return parts.length == 3 ? m.get("error.store.holder", parts[0], parts[1], parts[2]) : m.get("error.store.holderUnknown");
    }
}
