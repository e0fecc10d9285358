package com.payband.console.cli;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * For a class whose ordered test methods are the steps of one scenario on one store: once a step fails,
 * the later steps are skipped (they would only fail again for the same reason) and the report shows
 * the first failure. The failed step itself fails the build as usual.
 */
final class StepwiseFlow implements ExecutionCondition, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StepwiseFlow.class);
    private static final String FAILED_STEP = "failed step";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("not a step");
        }
        String failed = classStore(context).get(FAILED_STEP, String.class);
        return failed == null ? ConditionEvaluationResult.enabled("no step failed")
                : ConditionEvaluationResult.disabled("an earlier step failed: " + failed);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        classStore(context).getOrComputeIfAbsent(FAILED_STEP, k -> context.getDisplayName(), String.class);
    }

    private static ExtensionContext.Store classStore(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE);
    }
}
