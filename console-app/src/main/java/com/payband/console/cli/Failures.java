package com.payband.console.cli;

import com.payband.console.app.FailureMessages;
import com.payband.console.binding.IllegalTransitionException;
import com.payband.console.crypto.KeyVaultException;
import com.payband.console.crypto.TamperedDataException;
import com.payband.console.customer.DocumentRefusedException;
import com.payband.console.customer.NoSuchCustomerException;
import com.payband.console.customer.OwnerMismatchException;
import com.payband.console.enrollment.EnrollmentException;
import com.payband.console.i18n.Messages;
import com.payband.console.staff.AccessDeniedException;
import com.payband.console.staff.PasswordPolicyException;
import com.payband.console.staff.SignInException;
import com.payband.console.staff.StaffException;
import com.payband.console.store.StoreException;
import com.payband.drivers.band.BandException;
import com.payband.drivers.idcard.IdCardReadException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns whatever a command threw into an exit code and one line in the user's language. */
final class Failures {

    record Report(int exitCode, String message) {
    }

    private Failures() {
    }

    static Report describe(Throwable failure, Messages m) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CliFailure f) {
            return new Report(f.exitCode(), m.get(f.messageKey(), f.args()));
        }
        return new Report(exitCode(t), FailureMessages.describe(t, m));
    }

    /** The documented exit code (docs/cli.md) of a failure; the words are FailureMessages'. */
    private static int exitCode(Throwable t) {
        if (t instanceof StoreException e) {
            return switch (e.reason()) {
                case IN_USE -> ExitCode.STORE_IN_USE;
                case TAMPERED -> ExitCode.AUDIT_TAMPERED;
                case NOT_INITIALISED, ALREADY_INITIALISED, KEY_MISMATCH, MIGRATION_FAILED -> ExitCode.STORE_STATE;
                case IO -> ExitCode.IO_ERROR;
            };
        }
        if (t instanceof KeyVaultException e) {
            return e.reason() == KeyVaultException.Reason.PASSPHRASE_TOO_SHORT ? ExitCode.REFUSED : ExitCode.KEY_UNAVAILABLE;
        }
        if (t instanceof SignInException) {
            return ExitCode.SIGN_IN_FAILED;
        }
        if (t instanceof AccessDeniedException) {
            return ExitCode.ACCESS_DENIED;
        }
        if (t instanceof StaffException e) {
            return e.reason() == StaffException.Reason.NO_SUCH_ACCOUNT ? ExitCode.NOT_FOUND : ExitCode.REFUSED;
        }
        if (t instanceof PasswordPolicyException || t instanceof DocumentRefusedException
                || t instanceof OwnerMismatchException || t instanceof IllegalTransitionException) {
            return ExitCode.REFUSED;
        }
        if (t instanceof NoSuchCustomerException) {
            return ExitCode.NOT_FOUND;
        }
        if (t instanceof IdCardReadException e) {
            return switch (e.failure()) {
                case NO_CARD, CARD_REMOVED -> ExitCode.NO_CARD;
                case READER_UNAVAILABLE, COMMUNICATION_ERROR, TIMEOUT, BUSY -> ExitCode.READER_FAILURE;
                case UNREADABLE_DOCUMENT, INVALID_DOCUMENT, ACCESS_DENIED -> ExitCode.DOCUMENT_INVALID;
            };
        }
        if (t instanceof EnrollmentException e) {
            return switch (e.reason()) {
                case BAND_NOT_FOUND, RADIO_UNAVAILABLE, UNRESOLVED, ISSUER_UNAVAILABLE, ISSUER_BUSY -> ExitCode.BAND_UNREACHABLE;
                case CONSOLE_NOT_REGISTERED, PAYMENT_CHECK_NOT_REGISTERED -> ExitCode.BACKEND_UNREACHABLE;
                // what was scanned (the customer's phone code, a payment code) is refused, not the band
                case PHONE_CODE_UNREADABLE, PHONE_CODE_INVALID, PHONE_CODE_STALE, PHONE_OF_ANOTHER_CUSTOMER,
                        PAYMENT_CODE_UNREADABLE, PAYMENT_CODE_OF_ANOTHER_BAND -> ExitCode.REFUSED;
                default -> ExitCode.BAND_REFUSED;
            };
        }
        if (t instanceof com.payband.console.support.SupportException e) {
            return switch (e.reason()) {
                case BAND_NOT_FOUND, RESET_UNCONFIRMED -> ExitCode.BAND_UNREACHABLE;
                case BACKEND_UNAVAILABLE, CONSOLE_NOT_REGISTERED -> ExitCode.BACKEND_UNREACHABLE;
                case OWNER_NOT_VERIFIED, ISSUER_REFUSED, STATE_ELSEWHERE, ISSUED_ELSEWHERE, NOT_THE_OWNER,
                        NOTHING_IN_FORCE, REPORTS_PAUSED -> ExitCode.BACKEND_REFUSED;
                case APPROVAL_NOT_VALID, RESET_REASON_UNFITTING -> ExitCode.REFUSED;
                case NOT_BOUND, BINDING_LIVE, NOT_THIS_BAND -> ExitCode.BAND_REFUSED;
                case REPORT_HERE -> ExitCode.REFUSED;
                case NOT_LIVE, PHONE_STILL_LINKED -> ExitCode.REFUSED;
            };
        }
        if (t instanceof com.payband.console.issuer.IssuerException e) {
            return e.notRegistered() || e.refusal().isEmpty() ? ExitCode.BACKEND_UNREACHABLE : ExitCode.BACKEND_REFUSED;
        }
        if (t instanceof com.payband.console.support.RevocationImport.BadLine) {
            return ExitCode.REFUSED;
        }
        if (t instanceof com.payband.console.lifecycle.NoSuchBindingException) {
            return ExitCode.NOT_FOUND;
        }
        if (t instanceof BandException e) {
            return switch (e.kind()) {
                case RADIO_UNAVAILABLE, NOT_FOUND, LINK_LOST, TIMEOUT -> ExitCode.BAND_UNREACHABLE;
                case COUNTERFEIT, REFUSED, PROTOCOL -> ExitCode.BAND_REFUSED;
            };
        }
        if (t instanceof TamperedDataException) {
            return ExitCode.AUDIT_TAMPERED;
        }
        if (t instanceof java.io.IOException) {
            return ExitCode.IO_ERROR;
        }
        return ExitCode.INTERNAL_ERROR;
    }
}
