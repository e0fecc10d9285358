package com.payband.console.cli;

/** A command's failure as the user sees it: an exit code and a message key with its arguments. */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String messageKey;
    private final transient Object[] args;

    public CliFailure(int exitCode, String messageKey, Object... args) {
        super(messageKey);
        this.exitCode = exitCode;
        this.messageKey = messageKey;
        this.args = args;
    }

    public CliFailure(int exitCode, Throwable cause, String messageKey, Object... args) {
        super(messageKey, cause);
        this.exitCode = exitCode;
        this.messageKey = messageKey;
        this.args = args;
    }

    public int exitCode() {
        return exitCode;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args;
    }
}
