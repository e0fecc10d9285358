package com.payband.console.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;

/** Pages taller than the screen scroll: what the keyboard (or a click) reaches is brought into view. */
public final class Scrolling {

    private Scrolling() {
    }

    /** Scrolls the nearest scroll pane around the node so that the node is seen whole (FX thread). */
    public static void reveal(Node node) {
        for (Parent p = node.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane pane && pane.getContent() != null) {
                Node content = pane.getContent();
                double range = content.getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
                if (range <= 0) {
                    return;
                }
                Bounds at = content.sceneToLocal(node.localToScene(node.getLayoutBounds()));
                double top = (pane.getVvalue() - pane.getVmin()) / (pane.getVmax() - pane.getVmin()) * range;
                double seen = pane.getViewportBounds().getHeight();
                double wanted = top;
                if (at.getMinY() < top) {
                    wanted = at.getMinY() - 12;
                } else if (at.getMaxY() > top + seen) {
                    wanted = at.getMaxY() - seen + 12;
                }
                wanted = Math.max(0, Math.min(range, wanted));
                pane.setVvalue(pane.getVmin() + wanted / range * (pane.getVmax() - pane.getVmin()));
                pane.layout(); // moved now, not at the next pulse: a click or a key that follows lands on it
                return;
            }
        }
    }

    /** From now on the keyboard's focus inside this scroll pane is always in view (a tab to a field below the fold). */
    public static void followFocus(ScrollPane pane) {
        javafx.beans.value.ChangeListener<Node> follow = (o, was, now) -> {
            if (now != null && isInside(now, pane)) {
                reveal(now);
            }
        };
        pane.sceneProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.focusOwnerProperty().removeListener(follow);
            }
            if (now != null) {
                now.focusOwnerProperty().addListener(follow);
            }
        });
    }

    /**
     * Gives the node the keyboard's focus now, or as soon as it is in the scene: a scroll pane's content joins the
     * scene only with the pane's skin, at the first layout after the page is shown, and a focus asked for before that
     * is lost.
     */
    public static void focusWhenShown(Node node) {
        if (node.getScene() != null) {
            node.requestFocus();
            return;
        }
        node.sceneProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> o,
                    javafx.scene.Scene was, javafx.scene.Scene now) {
                if (now != null) {
                    node.sceneProperty().removeListener(this);
                    javafx.application.Platform.runLater(node::requestFocus);
                }
            }
        });
    }

    private static boolean isInside(Node node, Parent ancestor) {
        for (Parent p = node.getParent(); p != null; p = p.getParent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }
}
