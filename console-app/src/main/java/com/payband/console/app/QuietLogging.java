package com.payband.console.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up configuration, found as a service: nothing is logged until the console knows its
 * data folder ({@link ConsoleLogging} then adds the rotating file), which keeps library chatter off the
 * command line's terminal. In code rather than a logback.xml: parsing that XML cost the window's first
 * frame ~300 ms of CPU on two cores. {@code -Dlogback.configurationFile} (the tests set it) still wins:
 * Logback's own XML configurator then runs instead.
 */
public final class QuietLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
