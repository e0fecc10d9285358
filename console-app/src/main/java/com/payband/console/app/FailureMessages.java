package com.payband.console.app;

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
import com.payband.drivers.idcard.check.DocumentProblem;
import com.payband.drivers.idcard.serial.SamStatus;
import com.payband.drivers.idcard.serial.SamStatusException;
import com.payband.drivers.idcard.serial.SerialLineException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Optional;

/**
 * What went wrong, in one sentence of the user's language: the one place that words the services'
 * failures, for the command line and the window alike.
 */
public final class FailureMessages {

    private FailureMessages() {
    }

    /**
     * The Bluetooth driver could not start and named why (BlueZ not running, no adapter...): said in those words
     * rather than as a bare "radio not available", wherever the failure surfaced (a scan, a bind, a reset).
     */
    private static Optional<String> radioUnavailable(Throwable failure, Messages m) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof com.payband.drivers.band.ble.BleException b && b.reason().isPresent()) {
                String key = "error.bluez." + b.reason().get();
                return m.has(key) ? Optional.of(m.get(key,
                        com.payband.drivers.band.ble.bluez.BluezAdapters.systemBusAddress()))
                        : Optional.of(m.get("error.band.driverFailed", b.getMessage()));
            }
        }
        return Optional.empty();
    }

    public static String describe(Throwable failure, Messages m) {
        return known(failure, m).orElseGet(() -> m.get("error.internal", unwrap(failure).getClass().getSimpleName()));
    }

    /** The sentence for a failure the product knows; empty for an unexpected one (a bug: log it with its trace). */
    public static Optional<String> known(Throwable failure, Messages m) {
        Throwable t = unwrap(failure);
        if (t instanceof StoreException e) {
            return Optional.of(switch (e.reason()) {
                case IN_USE -> m.get("error.store.inUse", holder(e.detail(), m));
                case NOT_INITIALISED -> m.get("error.store.notInitialised", e.detail());
                case ALREADY_INITIALISED -> m.get("error.store.alreadyInitialised", e.detail());
                case KEY_MISMATCH -> m.get("error.store.keyMismatch", e.detail());
                case MIGRATION_FAILED -> m.get("error.store.migration");
                case TAMPERED -> m.get("error.store.tampered." + e.detail());
                case IO -> m.get("error.io", e.detail());
            });
        }
        if (t instanceof KeyVaultException e) {
            return Optional.of(m.get("error.key." + e.reason().name(),
                    com.payband.console.crypto.KeyVault.MINIMUM_PASSPHRASE_LENGTH));
        }
        if (t instanceof SignInException e) {
            String until = e.lockedUntil().map(i -> DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)
                    .withLocale(m.locale()).withZone(ZoneId.systemDefault()).format(i)).orElse("");
            return Optional.of(m.get("error.signIn." + e.reason().name(), until));
        }
        if (t instanceof AccessDeniedException e) {
            return Optional.of(m.get("error.access." + e.reason().name(),
                    e.action() == null ? "" : m.get("action." + e.action().name())));
        }
        if (t instanceof PasswordPolicyException e) {
            return Optional.of(m.get("error.password.policy", String.join(m.get("list.separator"),
                    e.violations().stream().map(v -> m.get("password.violation." + v.name(),
                            com.payband.console.staff.PasswordPolicy.MINIMUM_LENGTH)).toList())));
        }
        if (t instanceof StaffException e) {
            return Optional.of(m.get("error.staff." + e.reason().name()));
        }
        if (t instanceof DocumentRefusedException e) {
            return Optional.of(m.get("error.document.refused",
                    problems(m, e.checks().refusals())));
        }
        if (t instanceof OwnerMismatchException) {
            return Optional.of(m.get("error.owner.mismatch"));
        }
        if (t instanceof NoSuchCustomerException) {
            return Optional.of(m.get("error.customer.none"));
        }
        if (t instanceof IllegalTransitionException e) {
            return Optional.of(m.get("error.transition", e.from().name(), e.reason().name()));
        }
        if (t instanceof IdCardReadException e) {
            return Optional.of(readFailure(e, m));
        }
        if (t instanceof com.payband.console.enrollment.EnrollmentException e) {
            String first = e.reason() == com.payband.console.enrollment.EnrollmentException.Reason.PAYMENT_REFUSED
                    && m.has("verdict." + e.detail()) ? m.get("verdict." + e.detail())
                    : e.status().map(Enum::name).orElse("");
            return Optional.of(m.get("error.enroll." + e.reason().name(), first,
                    e.bindingId().map(Object::toString).orElse("")));
        }
        if (t instanceof com.payband.console.support.SupportException e) {
            return Optional.of(m.get("error.support." + e.reason().name()));
        }
        if (t instanceof com.payband.console.sync.BackendException e) {
            return Optional.of(m.get("backend.error." + e.reason().name()));
        }
        if (t instanceof com.payband.console.issuer.IssuerException e) {
            return Optional.of(e.notRegistered() ? m.get("error.issuer.notRegistered")
                    : e.refusal().map(code -> m.get("error.issuer.refused", m.has("error.issuer.code." + code.name())
                            ? m.get("error.issuer.code." + code.name()) : code.name()))
                            .orElseGet(() -> m.get("error.issuer.unavailable")));
        }
        if (t instanceof com.payband.console.support.RevocationImport.BadLine e) {
            return Optional.of(m.get("error.import." + e.problem().name(), e.line()));
        }
        if (t instanceof com.payband.console.lifecycle.NoSuchBindingException) {
            return Optional.of(m.get("error.binding.none"));
        }
        Optional<String> radio = radioUnavailable(failure, m);
        if (radio.isPresent()) {
            return radio;
        }
        if (t instanceof com.payband.drivers.band.BandException e) {
            // a refusal in the band's own words: what its status code means
            return Optional.of(m.get("error.band." + e.kind().name(),
                    e.status().map(s -> m.get("band.status." + s.name())).orElse("")));
        }
        if (t instanceof TamperedDataException) {
            return Optional.of(m.get("error.tampered"));
        }
        if (t instanceof java.io.IOException e) {
            return Optional.of(m.get("error.io", String.valueOf(e.getMessage())));
        }
        return Optional.empty();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * A failed read: {@code error.read.<FAILURE>.<REASON>} where the driver gives a reason and the
     * reason has its words (a refused MRZ, a card that is no ICAO document, the PC/SC service down or
     * restarted), else {@code error.read.<FAILURE>}, or finer where the serial driver says why: a SAM that
     * cannot work (the generic "check its cable" would mislead), a port where nothing answers, or where
     * something answers but not as an ID card reader at the speeds tried.
     */
    private static String readFailure(IdCardReadException e, Messages m) {
        if (e.reason().isPresent()) {
            String key = "error.read." + e.failure().name() + "." + e.reason().get().name();
            if (m.has(key)) {
                return m.get(key);
            }
        }
        if (e.getCause() instanceof SamStatusException s
                && (s.status() == SamStatus.SAM_SELF_TEST_FAILED || s.status() == SamStatus.SAM_NOT_AUTHORISED)) {
            return m.get("error.read.sam." + s.status().name());
        }
        if (e.getCause() instanceof SerialLineException l) {
            // plain numbers: MessageFormat would write 115200 as "115,200"
            return m.get("error.read.line." + l.kind().name(),
                    String.join(m.get("list.separator"), l.bauds().stream().map(String::valueOf).toList()));
        }
        return m.get("error.read." + e.failure().name());
    }

    /** A document's problems as one list ("expired, under age"). */
    public static String problems(Messages m, List<DocumentProblem> problems) {
        return String.join(m.get("list.separator"), problems.stream().map(p -> m.get("problem." + p.name())).toList());
    }

    /** "pid host since" as the lock file holds it, shown as "process 1234 on host since …". */
    private static String holder(String detail, Messages m) {
        String[] parts = detail == null ? new String[0] : detail.trim().split(" ", 3);
        return parts.length == 3 ? m.get("error.store.holder", parts[0], parts[1], parts[2]) : m.get("error.store.holderUnknown");
    }
}
