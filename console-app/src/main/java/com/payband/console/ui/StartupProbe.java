package com.payband.console.ui;

import com.payband.console.ui.ConsoleContext.StoreState;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongConsumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.util.Duration;

/**
 * The start-up benchmark's probe (src/scripts/benchmark-startup.sh, src/docs/benchmarks.md). Off unless
 * the system property {@value #PROPERTY} names a result file; then it records when the sign-in window's
 * first frame was rendered and, with {@code PAYBAND_USER} and {@code PAYBAND_PASSWORD} (and
 * {@code PAYBAND_PASSPHRASE} for a passphrase-protected store) in the environment, waits until the
 * store has started, presses "sign in" and records when the home screen was first drawn, and when it
 * was drawn with its figures loaded. It writes the figures to the file and closes the window.
 */
public final class StartupProbe {

    /** The result file; the probe is off without it. */
    public static final String PROPERTY = "payband.startupProbe";
    /** When the script started the java process, in nanoseconds since the epoch ({@code date +%s%N}). */
    public static final String LAUNCHED_AT = "payband.startupProbe.launchedAt";
    /** How long after the store has started the probe waits before pressing "sign in" (ms; default 1000). */
    public static final String SETTLE = "payband.startupProbe.settleMs";
    private static final long GIVE_UP_SECONDS = 120;

    private final Recorder recorder;
    private final Scene scene;
    private final ConsoleContext context;
    private final Runnable afterLayout = this::afterLayout;
    private long submitted;
    private boolean finished;
    private boolean shellSeen;
    private boolean homeSeen;

    private StartupProbe(Recorder recorder, Scene scene, ConsoleContext context) {
        this.recorder = recorder;
        this.scene = scene;
        this.context = context;
    }

    /** Called by the window right after it is first shown, only when {@value #PROPERTY} is set. */
    static void windowShown(Scene scene, ConsoleContext context) {
        Recorder recorder = Recorder.forScene(scene);
        StartupProbe probe = new StartupProbe(recorder, scene, context);
        context.storeState().addListener((o, a, state) -> {
            if ((state == StoreState.OPEN || state == StoreState.NEEDS_PASSPHRASE) && !recorder.has("store.ready.ms")) {
                recorder.sinceLaunch("store.ready.ms", System.nanoTime());
            }
        });
        recorder.firstFrame(probe::afterFirstFrame);
        PauseTransition giveUp = new PauseTransition(Duration.seconds(GIVE_UP_SECONDS));
        giveUp.setOnFinished(e -> probe.finish("gave up after " + GIVE_UP_SECONDS + " s"));
        giveUp.play();
    }

    private void afterFirstFrame() {
        String user = System.getenv("PAYBAND_USER");
        String password = System.getenv("PAYBAND_PASSWORD");
        if (user == null || password == null) {
            finish(null);
            return;
        }
        context.storeState().addListener((o, a, state) -> storeStateIs(state, user, password));
        storeStateIs(context.storeState().get(), user, password);
    }

    private void storeStateIs(StoreState state, String user, String password) {
        switch (state) {
            case OPEN -> settleThenSignIn(user, password, null, "the store already started in the background");
            case NEEDS_PASSPHRASE -> {
                String passphrase = System.getenv("PAYBAND_PASSPHRASE");
                if (passphrase == null) {
                    finish("the store needs its passphrase: set PAYBAND_PASSPHRASE");
                } else {
                    settleThenSignIn(user, password, passphrase, "the store starts on sign-in, with its passphrase");
                }
            }
            case FAILED -> finish("the store failed to start: " + context.storeProblem().get());
            case FIRST_START -> finish("no store in the data folder");
            case STARTING -> { }
        }
    }

    private void settleThenSignIn(String user, String password, String passphrase, String storeStart) {
        if (submitted != 0) {
            return;
        }
        submitted = -1;
        recorder.put("store.start", storeStart);
        PauseTransition settle = new PauseTransition(Duration.millis(Long.getLong(SETTLE, 1000)));
        settle.setOnFinished(e -> signIn(user, password, passphrase));
        settle.play();
    }

    /** Types into the sign-in form and presses its button, as a person would. */
    private void signIn(String user, String password, String passphrase) {
        ((TextInputControl) scene.lookup("#username")).setText(user);
        ((TextInputControl) scene.lookup("#password")).setText(password);
        if (passphrase != null) {
            ((TextInputControl) scene.lookup("#passphrase")).setText(passphrase);
        }
        ButtonBase button = (ButtonBase) scene.lookup("#signIn");
        scene.addPostLayoutPulseListener(afterLayout);
        submitted = System.nanoTime();
        recorder.sinceLaunch("signIn.pressed.ms", submitted);
        button.fire();
    }

    /** On every pulse after "sign in": is the home screen in this frame, and with its figures? */
    private void afterLayout() {
        if (!shellSeen && showing("#home")) {
            shellSeen = true;
            recorder.nextFrame(t -> recorder.put("signIn.toHome.ms", millis(t - submitted)));
        }
        Node attention = scene.lookup("#homeAttention");
        if (shellSeen && !homeSeen && showing("#home") && attention instanceof Labeled l && !l.getText().isEmpty()) {
            homeSeen = true;
            recorder.nextFrame(t -> {
                recorder.put("signIn.toHomeLoaded.ms", millis(t - submitted));
                Platform.runLater(() -> finish(null));
            });
        }
    }

    private boolean showing(String id) {
        Node n = scene.lookup(id);
        return n != null && n.isVisible() && n.getScene() == scene;
    }

    private void finish(String problem) {
        if (finished) {
            return;
        }
        finished = true;
        if (problem != null) {
            recorder.put("problem", problem);
        }
        recorder.write();
        scene.removePostLayoutPulseListener(afterLayout);
        Platform.exit();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /**
     * Times frames of one scene and writes the figures: shared with the bare JavaFX window the benchmark
     * compares against, so that both are timed the same way. Self-contained (it does not touch the
     * console's classes), so that the bare window loads nothing of the console.
     */
    public static final class Recorder {

        private final Path file;
        private final Properties figures = new Properties();
        private final Queue<LongConsumer> waiting = new ConcurrentLinkedQueue<>();
        /** Wall clock and monotonic clock read together, to put monotonic times on the launch's clock. */
        private final long wallAtStart;
        private final long nanoAtStart;
        private final long launchedAt;

        private Recorder(Path file) {
            this.file = file;
            Instant now = Instant.now();
            this.nanoAtStart = System.nanoTime();
            this.wallAtStart = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            Long given = Long.getLong(LAUNCHED_AT);
            if (given != null) {
                launchedAt = given;
                figures.setProperty("clock", "since the java command was started");
            } else {
                Instant process = ProcessHandle.current().info().startInstant().orElse(now);
                launchedAt = process.getEpochSecond() * 1_000_000_000L + process.getNano();
                figures.setProperty("clock", "since the process started (10 ms resolution)");
            }
        }

        /**
         * Times this scene's frames, writing to the file that {@value #PROPERTY} names. Frames are timed when
         * rendered (the renderer's own frame callback); where that internal hook is not reachable, when
         * laid out (the last step on the FX thread before rendering).
         */
        public static Recorder forScene(Scene scene) {
            String where = System.getProperty(PROPERTY);
            if (where == null || where.isBlank()) {
                throw new IllegalStateException("-D" + PROPERTY + "=FILE is needed");
            }
            Recorder recorder = new Recorder(Path.of(where));
            try {
                com.sun.javafx.perf.PerformanceTracker.getSceneTracker(scene).setOnRenderedFrameTask(recorder::frame);
                recorder.put("frame", "rendered");
            } catch (LinkageError | RuntimeException e) {
                scene.addPostLayoutPulseListener(recorder::frame);
                recorder.put("frame", "laid out (" + e + ")");
            }
            return recorder;
        }

        /** Records the first frame, then runs {@code then} on the FX thread. Call before the first pulse. */
        public void firstFrame(Runnable then) {
            nextFrame(t -> {
                sinceLaunch("firstFrame.ms", t);
                put("firstFrame.cpu.ms", cpuMillis());
                put("firstFrame.cpu.threads", cpuByThread());
                Platform.runLater(() -> {
                    put("pipeline", pipeline());
                    then.run();
                });
            });
        }

        /** Calls back once, on the thread that saw it, with {@link System#nanoTime()} of the next frame. */
        public void nextFrame(LongConsumer then) {
            waiting.add(then);
        }

        private void frame() {
            long t = System.nanoTime();
            LongConsumer next;
            int n = waiting.size();
            for (int i = 0; i < n && (next = waiting.poll()) != null; i++) {
                next.accept(t);
            }
        }

        /** Records a monotonic time as milliseconds since the launch. */
        public void sinceLaunch(String key, long nanoTime) {
            long wall = wallAtStart + (nanoTime - nanoAtStart);
            put(key, String.format(Locale.ROOT, "%.1f", (wall - launchedAt) / 1e6));
        }

        public synchronized boolean has(String key) {
            return figures.containsKey(key);
        }

        public synchronized void put(String key, String value) {
            figures.setProperty(key, value);
        }

        public synchronized void write() {
            try (OutputStream out = Files.newOutputStream(file)) {
                figures.store(out, "PayBand start-up probe");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The CPU time of this process so far, all threads (Linux; 10 ms resolution), or "?". */
        private static String cpuMillis() {
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return String.valueOf((Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10);
            } catch (IOException | RuntimeException e) {
                return "?";
            }
        }

        /**
         * The CPU time so far by kind of thread (Linux; ms, 10 ms resolution): main, fx (JavaFX application
         * thread), render (Quantum renderer), work (the console's background workers), jit, gc, other.
         */
        private static String cpuByThread() {
            java.util.Map<String, Long> kinds = new java.util.LinkedHashMap<>();
            for (String k : new String[] {"main", "fx", "render", "work", "jit", "gc", "other"}) {
                kinds.put(k, 0L);
            }
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
                        String kind = name.equals("java") || name.equals("main") ? "main"
                                : name.startsWith("JavaFX Applicat") ? "fx"
                                : name.startsWith("QuantumRenderer") ? "render"
                                : name.startsWith("console-work") ? "work"
                                : name.contains("CompilerThre") ? "jit"
                                : name.startsWith("GC ") || name.startsWith("G1 ") ? "gc" : "other";
                        kinds.merge(kind, ms, Long::sum);
                    } catch (IOException | RuntimeException e) {
                        // the thread has ended
                    }
                }
            } catch (IOException | RuntimeException e) {
                return "?";
            }
            StringBuilder b = new StringBuilder();
            kinds.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append(' ').append(v));
            return b.toString();
        }

        private static String pipeline() {
            try {
                Object p = Class.forName("com.sun.prism.GraphicsPipeline").getMethod("getPipeline").invoke(null);
                return p == null ? "?" : p.getClass().getSimpleName() + " on " + System.getProperty("glass.platform",
                        com.sun.glass.ui.Application.GetApplication().getClass().getSimpleName());
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return "?";
            }
        }
    }
}
