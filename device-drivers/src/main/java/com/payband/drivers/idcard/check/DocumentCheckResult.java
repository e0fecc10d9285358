package com.payband.drivers.idcard.check;

import java.util.List;

/**
 * What {@link DocumentCheck} found, in the declaration order of {@link DocumentProblem}. Holds no
 * personal data, so it may be logged.
 */
public record DocumentCheckResult(List<DocumentProblem> problems) {

    public DocumentCheckResult {
        problems = List.copyOf(problems);
    }

    /** True when nothing refuses the document; warnings may remain. */
    public boolean accepted() {
        return refusals().isEmpty();
    }

    public List<DocumentProblem> refusals() {
        return withSeverity(DocumentProblem.Severity.REFUSE);
    }

    public List<DocumentProblem> warnings() {
        return withSeverity(DocumentProblem.Severity.WARN);
    }

    private List<DocumentProblem> withSeverity(DocumentProblem.Severity severity) {
        return problems.stream().filter(p -> p.severity() == severity).toList();
    }
}
