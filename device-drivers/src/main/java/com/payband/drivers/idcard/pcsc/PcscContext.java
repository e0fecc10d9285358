package com.payband.drivers.idcard.pcsc;

import java.lang.reflect.Field;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's connection to the PC/SC resource manager (pcscd on Linux, the Smart Card service on
 * Windows) through {@code javax.smartcardio}.
 *
 * <p>Two facts of the JDK's SunPCSC provider, checked against pcsc-lite 1.9.9 and JDK 17:
 * <ul>
 *   <li>{@code TerminalFactory.getDefault()} decides once per JVM: if the service was not running
 *       then, it stays an empty "None" factory for good. So this class asks
 *       {@code TerminalFactory.getInstance("PC/SC", null)}, which tries again each time: the console
 *       may start before the service.</li>
 *   <li>The provider keeps ONE PC/SC context for the whole JVM (a static field) and a cache of
 *       terminals bound to it. When the service restarts, that context is dead: every call fails
 *       with SCARD_E_NO_SERVICE, and a fresh TerminalFactory does not help (it reuses the static
 *       context). The only in-process cure is to clear that field and cache so that the next factory
 *       establishes a new context: {@link #renew()} does that by reflection, which needs the JVM
 *       option {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED} (or the
 *       {@code Add-Opens} attribute in an executable jar's manifest). Without it, {@link #health()}
 *       says {@link Health#RESTART_REQUIRED}: the console has to be restarted to reach the
 *       restarted service, and the driver says so plainly.</li>
 * </ul>
 * Thread-safe.
 */
public final class PcscContext {

    /** Whether the console can talk to the PC/SC service. */
    public enum Health {
        /** The service answers. */
        RUNNING,
        /** The service is not running (or not installed): start it (pcscd / Smart Card service). */
        NOT_RUNNING,
        /**
         * The service was restarted and this JVM cannot open a new context (the add-opens option is
         * missing): restart the console.
         */
        RESTART_REQUIRED
    }

    private static final Logger LOG = LoggerFactory.getLogger(PcscContext.class);

    private final Object lock = new Object();
    // Guarded by lock.
    private CardTerminals terminals;
    private Health health = Health.NOT_RUNNING;
    private final ContextReset reset;

    public PcscContext() {
        this(ContextReset.REFLECTIVE);
    }

    /** For tests: how a dead context is discarded. */
    PcscContext(ContextReset reset) {
        this.reset = reset;
    }

    public Health health() {
        synchronized (lock) {
            return health;
        }
    }

    /**
     * The readers, through a live context: establishes one if there is none, renews a dead one once.
     *
     * @throws PcscServiceException if the service cannot be reached
     */
    public java.util.List<CardTerminal> readers() throws PcscServiceException {
        for (int attempt = 0; ; attempt++) {
            CardTerminals t = terminals();
            try {
                java.util.List<CardTerminal> list = PcscGate.call(t::list);
                synchronized (lock) {
                    health = Health.RUNNING;
                }
                return list;
            } catch (CardException e) {
                String code = PcscErrors.code(e);
                if (PcscErrors.isNoReaders(code)) {
                    synchronized (lock) {
                        health = Health.RUNNING;
                    }
                    return java.util.List.of();
                }
                if (attempt == 0 && PcscErrors.isServiceGone(code)) {
                    renew();
                    continue;
                }
                throw new PcscServiceException(health(), "listing readers failed: " + code, e);
            }
        }
    }

    /** The reader of that name through the current context. */
    public CardTerminal reader(String name) throws PcscServiceException {
        return terminals().getTerminal(name);
    }

    /** Whether {@code e} (or its causes) says the service went away; if so, renews the context. */
    public boolean renewIfServiceGone(Throwable e) {
        if (PcscErrors.isServiceGone(PcscErrors.code(e))) {
            renew();
            return true;
        }
        return false;
    }

    private CardTerminals terminals() throws PcscServiceException {
        synchronized (lock) {
            if (terminals != null) {
                return terminals;
            }
            if (health == Health.RESTART_REQUIRED) {
                throw new PcscServiceException(health, "the PC/SC service was restarted: restart the console");
            }
            try {
                terminals = PcscGate.call(() -> TerminalFactory.getInstance("PC/SC", null).terminals());
                health = Health.RUNNING;
                return terminals;
            } catch (NoSuchAlgorithmException e) {
                health = Health.NOT_RUNNING;
                throw new PcscServiceException(health, "the PC/SC service does not answer: "
                        + PcscErrors.code(e), e);
            }
        }
    }

    /** Drops the current context (dead after a service restart) so that the next call opens a new one. */
    public void renew() {
        synchronized (lock) {
            terminals = null;
            if (health == Health.RESTART_REQUIRED) {
                return;
            }
            // never while another thread is inside the library with the context being discarded
            if (PcscGate.call(reset::discardContext)) {
                health = Health.NOT_RUNNING;
                LOG.info("PC/SC context discarded; a new one is opened on the next call");
            } else {
                health = Health.RESTART_REQUIRED;
                LOG.warn("the PC/SC service was restarted and this JVM cannot open a new context "
                        + "(--add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED is missing): "
                        + "restart the console");
            }
        }
    }

    /** How the JDK provider's static context is discarded. */
    @FunctionalInterface
    interface ContextReset {
        /** @return false if it cannot be done in this JVM */
        boolean discardContext();

        ContextReset REFLECTIVE = () -> {
            try {
                Class<?> c = Class.forName("sun.security.smartcardio.PCSCTerminals");
                Field context = c.getDeclaredField("contextId");
                Field cache = c.getDeclaredField("terminals");
                context.setAccessible(true);
                cache.setAccessible(true);
                synchronized (c) {
                    context.setLong(null, 0L);
                    ((Map<?, ?>) cache.get(null)).clear();
                }
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("cannot discard the SunPCSC context", e);
                return false;
            }
        };
    }
}
