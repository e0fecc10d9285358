package com.payband.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** The window fits the smallest supported screen with its title bar, and keeps its size on larger ones. */
class WindowSizeTest {

    @Test
    void onA1366By768ScreenWithAPanelTheWindowAndItsTitleBarFit() {
        Rectangle2D usable = new Rectangle2D(0, 28, 1366, 740); // a 28-pixel panel at the top
        Dimension2D size = ConsoleApplication.sceneSize(usable);
        assertThat(size.getWidth()).isEqualTo(1180);
        assertThat(size.getHeight() + 32).isLessThanOrEqualTo(usable.getHeight());
        assertThat(size.getHeight()).as("not below the window's minimum").isGreaterThanOrEqualTo(640);
    }

    @Test
    void aLargerScreenGetsTheUsualSize() {
        Dimension2D size = ConsoleApplication.sceneSize(new Rectangle2D(0, 0, 1920, 1050));
        assertThat(size.getWidth()).isEqualTo(1180);
        assertThat(size.getHeight()).isEqualTo(760);
    }
}
