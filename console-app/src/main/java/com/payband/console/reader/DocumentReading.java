package com.payband.console.reader;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReadProgress;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.check.DocumentCheck;
import com.payband.drivers.idcard.check.DocumentCheckResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A document read by a member of staff: permission first, then the read, then the checks; the read
 * (or its failure) is audited with the reader and the document type, never the document's content.
 */
public final class DocumentReading {

    /** A document and what the checks found. */
    public record Result(IdDocument document, DocumentCheckResult checks) {
    }

    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final Supplier<DocumentCheck> checks;

    public DocumentReading(AuditTrail audit, Authorizer authorizer, Supplier<DocumentCheck> checks) {
        this.audit = audit;
        this.authorizer = authorizer;
        this.checks = checks;
    }

    /** Starts a read; the future fails with {@link IdCardReadException} as the reader reported it. */
    public CompletableFuture<Result> read(StaffSession staff, IdCardReader reader, ReadRequest request,
            Consumer<ReadProgress> progress) {
        authorizer.require(staff, Action.READ_DOCUMENT);
        Target target = Target.reader(reader.info().id());
        return reader.read(request, progress).handle((document, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String kind = cause instanceof IdCardReadException e ? e.failure().name()
                        : cause instanceof java.util.concurrent.CancellationException ? "CANCELLED" : "ERROR";
                audit.record(staff.actor(), AuditAction.DOCUMENT_READ_FAILED, Outcome.FAILED, target, kind, null);
                throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
            }
            DocumentCheckResult result = checks.get().check(document);
            audit.record(staff.actor(), AuditAction.DOCUMENT_READ, Outcome.SUCCESS, target,
                    result.accepted() ? "ACCEPTED" : "REFUSED",
                    document.documentType().name() + (document.simulated() ? " simulated" : "")
                            + (result.problems().isEmpty() ? "" : " " + result.problems()));
            return new Result(document, result);
        });
    }

    /** Reads and waits: for the command line and scripts. */
    public Result readAndWait(StaffSession staff, IdCardReader reader, ReadRequest request) throws IdCardReadException,
            InterruptedException {
        try {
            return read(staff, reader, request, p -> { }).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof IdCardReadException readFailure) {
                throw readFailure;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }
}
