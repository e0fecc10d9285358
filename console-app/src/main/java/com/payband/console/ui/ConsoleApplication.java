package com.payband.console.ui;

import com.payband.console.settings.Setting;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.audit.AuditView;
import com.payband.console.ui.customers.CustomersView;
import com.payband.console.ui.enrollment.EnrollmentView;
import com.payband.console.ui.home.HomeView;
import com.payband.console.ui.settings.SettingsView;
import com.payband.console.ui.shell.ShellView;
import com.payband.console.ui.shell.ShellViewModel;
import com.payband.console.ui.signin.SignInView;
import com.payband.console.ui.signin.SignInViewModel;
import com.payband.console.ui.staff.StaffView;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.InputEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console window. The sign-in form is on screen at once; the store starts behind it. After sign-in
 * the shell shows the screens the role may use; idle, the console locks (the shell stays behind the
 * lock, so an interrupted enrollment is still there for the same member).
 */
public final class ConsoleApplication extends Application {

    /** Looked up when first used, not when the class loads: logging starts beside the first frame, not before it. */
    private static Logger log() {
        return LoggerFactory.getLogger(ConsoleApplication.class);
    }
    /**
     * Set by {@link UiLauncher} before the toolkit creates this class with its no-argument constructor: the
     * context is made beside the toolkit's start, and {@link #init()} waits for it.
     */
    static volatile CompletableFuture<ConsoleContext> launchContext;

    private ConsoleContext context;
    private final StackPane layers = new StackPane();
    private Scene scene;
    private Stage stage;
    private SignInView signIn;
    private ShellView shell;
    private StackPane lockLayer;
    /** Room left for the window manager's title bar when the window is sized to a small screen. */
    private static final double TITLE_BAR = 32;
    private IdleLock idle;
    /** The wizard's model carried over while the window is built again in another language. */
    private com.payband.console.ui.enrollment.EnrollmentViewModel keptWizard;
    private Timeline idleCheck;

    public ConsoleApplication() {
        Objects.requireNonNull(launchContext, "start the console through UiLauncher");
    }

    public ConsoleApplication(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public void init() {
        if (context == null) {
            context = launchContext.join();
        }
    }

    /**
     * The window's content: 1180×760 where it fits; on the smallest supported screen (1366×768, less a desktop's
     * panel) the window and its title bar stay on the screen.
     *
     * @param screen the part of the screen windows may use (without panels and docks)
     */
    static javafx.geometry.Dimension2D sceneSize(javafx.geometry.Rectangle2D screen) {
        return new javafx.geometry.Dimension2D(Math.min(1180, screen.getWidth()),
                Math.min(760, screen.getHeight() - TITLE_BAR));
    }

    @Override
    public void start(Stage primary) {
        this.stage = primary;
        javafx.geometry.Dimension2D size = sceneSize(javafx.stage.Screen.getPrimary().getVisualBounds());
        scene = new Scene(layers, size.getWidth(), size.getHeight());
        applyTheme();
        context.themeProperty().addListener((o, a, b) -> applyTheme());
        context.localeProperty().addListener((o, a, b) -> rebuild());
        context.sessionProperty().addListener((o, a, b) -> sessionChanged(b));
        idle = new IdleLock(context.clock(), Duration.ofMinutes(context.idleLockMinutes().get()));
        context.idleLockMinutes().addListener((o, a, b) -> idle.setLimit(Duration.ofMinutes(b.intValue())));
        scene.addEventFilter(InputEvent.ANY, this::activity);
        idleCheck = new Timeline(new KeyFrame(javafx.util.Duration.seconds(5), e -> checkIdle()));
        idleCheck.setCycleCount(Timeline.INDEFINITE);
        idleCheck.play();
        showSignIn();
        warmUpWhenTheStoreOpens();
        stage.setTitle(context.text("app.title") + (context.simulated() ? " — " + context.text("simulator.badge") : ""));
        var icon = getClass().getResourceAsStream("/ui/icon.png");
        if (icon != null) {
            stage.getIcons().add(new Image(icon));
        }
        stage.setScene(scene);
        stage.setMinWidth(960);
        stage.setMinHeight(640);
        stage.show();
        // some window managers (seen with Openbox) map the window at its minimum size and ignore the scene's:
        // ask once more now that it is shown
        javafx.application.Platform.runLater(() -> {
            if (stage.getWidth() + 1 < size.getWidth() && !stage.isMaximized()) {
                javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
                stage.setWidth(size.getWidth());
                stage.setHeight(Math.min(size.getHeight() + TITLE_BAR, screen.getHeight()));
                stage.centerOnScreen();
            }
        });
        if (System.getProperty(StartupProbe.PROPERTY) != null) {
            StartupProbe.windowShown(scene, context); // the start-up benchmark only (src/scripts/benchmark-startup.sh)
        }
        bootAfterFirstFrame();
    }

    /**
     * Starts the store once the sign-in form has been drawn: on two cores its start (H2, Flyway, Hibernate, and
     * the JIT compiling them) would otherwise compete with the first frame (src/docs/benchmarks.md). The
     * renderer draws a pulse's frame after the pulse, on its own thread: the third pulse and a fifth of a
     * second more leave it time to present the first. Sign-in still waits for the store only if it must.
     */
    private void bootAfterFirstFrame() {
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses == 3) {
                    stop();
                    PauseTransition rendered = new PauseTransition(javafx.util.Duration.millis(200));
                    rendered.setOnFinished(e -> context.boot());
                    rendered.play();
                }
            }
        }.start();
    }

    /** While the sign-in form is filled in, the home screen's controls are made ready (ControlsWarmUp). */
    private void warmUpWhenTheStoreOpens() {
        ChangeListener<ConsoleContext.StoreState> opened = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends ConsoleContext.StoreState> o,
                    ConsoleContext.StoreState was, ConsoleContext.StoreState now) {
                if (now == ConsoleContext.StoreState.OPEN) {
                    context.storeState().removeListener(this);
                    if (shell == null) {
                        signIn.prepare();
                        ControlsWarmUp.start(scene.getStylesheets());
                    }
                }
            }
        };
        context.storeState().addListener(opened);
    }

    private void activity(Event e) {
        idle.activity();
    }

    private void checkIdle() {
        if (shell != null && lockLayer == null && idle.due()) {
            log().info("console locked after {} idle", idle.limit());
            lock(false);
        }
    }

    private void showSignIn() {
        signIn = new SignInView(context, new SignInViewModel(context));
        layers.getChildren().setAll(signIn.node());
    }

    private void sessionChanged(StaffSession session) {
        if (session == null) {
            dropShell();
            showSignIn();
            return;
        }
        if (lockLayer != null && shell != null && shell.model().staff().staffId().equals(session.staffId())) {
            layers.getChildren().setAll(shell.node()); // the same member: back where they were
            lockLayer = null;
            context.setLocked(false);
            shell.unlock();
            idle.activity();
            return;
        }
        dropShell();
        showShell(session, Page.HOME);
    }

    private void showShell(StaffSession session, Page page) {
        ShellViewModel model = new ShellViewModel(context, session);
        model.current().set(model.pages().contains(page) ? page : Page.HOME);
        // the pages get the model being built: the first page is made while the shell is (Home's quick actions)
        shell = new ShellView(context, model, p -> createPage(p, model), this::lock);
        shell.installShortcuts(scene);
        layers.getChildren().setAll(shell.node());
        lockLayer = null;
        context.setLocked(false);
        context.threads().run(() -> context.services().settings().getInt(Setting.IDLE_LOCK_MINUTES),
                minutes -> context.idleLockMinutes().set(minutes), e -> log().warn("idle lock setting not read: {}", e.toString()));
        idle.activity();
    }

    private void dropShell() {
        if (shell != null) {
            shell.deactivate();
            shell.removeShortcuts(scene);
            shell = null;
        }
        lockLayer = null;
    }

    /**
     * Locks the console: the shell leaves the window (nothing of it can be read or reached behind the
     * sign-in), its pages forget what they revealed, and it waits in memory until its member signs in
     * again (another member starts anew).
     */
    public void lock() {
        lock(true);
    }

    /** @param byHand the member locked it (else: after a time without use); the sign-in says which */
    private void lock(boolean byHand) {
        if (shell == null || lockLayer != null) {
            return;
        }
        SignInViewModel model = new SignInViewModel(context);
        model.lockFor(shell.model().staff().username(), byHand);
        signIn = new SignInView(context, model);
        lockLayer = new StackPane(signIn.node());
        lockLayer.getStyleClass().add("lock-layer");
        shell.lock();
        context.setLocked(true);
        layers.getChildren().setAll(lockLayer);
    }

    /** A new language: every screen is built again in it (the open page stays open). */
    private void rebuild() {
        stage.setTitle(context.text("app.title") + (context.simulated() ? " — " + context.text("simulator.badge") : ""));
        if (shell != null && lockLayer == null) {
            Page page = shell.model().current().get();
            StaffSession session = shell.model().staff();
            // an enrollment under way goes on in the new language: the card read, the consent, the phone stay
            keptWizard = shell.created(Page.ENROLL).map(v -> ((EnrollmentView) v).model()).orElse(null);
            if (keptWizard != null) {
                keptWizard.languageChanged();
            }
            dropShell();
            showShell(session, page);
            keptWizard = null;
        } else if (shell == null) {
            SignInViewModel old = signIn.model();
            showSignIn();
            signIn.model().username().set(old.username().get());
        }
    }

    private PageView createPage(Page page, ShellViewModel shellModel) {
        return switch (page) {
            case HOME -> new HomeView(context, shellModel);
            case ENROLL -> keptWizard != null ? new EnrollmentView(context, keptWizard) : new EnrollmentView(context);
            case CUSTOMERS -> new CustomersView(context, shellModel);
            case SUPPORT -> new com.payband.console.ui.support.SupportView(context);
            case STAFF -> new StaffView(context);
            case AUDIT -> new AuditView(context);
            case BACKUPS -> new com.payband.console.ui.backups.BackupsView(context);
            case SETTINGS -> new SettingsView(context);
        };
    }

    private void applyTheme() {
        scene.getStylesheets().setAll(Objects.requireNonNull(getClass().getResource("/ui/console.css")).toExternalForm());
        if (context.themeProperty().get() == ConsoleContext.Theme.DARK) {
            scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/ui/dark.css")).toExternalForm());
        }
    }

    @Override
    public void stop() {
        if (idleCheck != null) {
            idleCheck.stop();
        }
        dropShell();
        context.close();
    }

    public ConsoleContext context() {
        return context;
    }
}
