package com.payband.console.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The start-up benchmark's baseline (src/scripts/benchmark-startup.sh): a bare JavaFX window, started
 * the way the console starts (a main class that does not extend {@code Application}, then
 * {@link Application#launch}), of the console window's size, with one label; its first frame is timed
 * by the same {@link StartupProbe.Recorder} as the console's. Test scope: not shipped.
 */
public final class BareWindow {

    private BareWindow() {
    }

    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    /** The window. */
    public static final class Window extends Application {

        @Override
        public void start(Stage stage) {
            Scene scene = new Scene(new StackPane(new Label("PayBand Console")), 1180, 760);
            stage.setTitle("PayBand Console");
            stage.setScene(scene);
            stage.show();
            StartupProbe.Recorder recorder = StartupProbe.Recorder.forScene(scene);
            recorder.firstFrame(() -> {
                recorder.write();
                Platform.exit();
            });
        }
    }
}
