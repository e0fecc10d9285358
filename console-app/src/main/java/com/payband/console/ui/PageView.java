package com.payband.console.ui;

import javafx.scene.Node;

/**
 * A screen in the shell. Shown screens are active; a hidden one stops what it watches (a scan, a live
 * status), so nothing polls while invisible.
 */
public interface PageView {

    Node node();

    default void activate() {
    }

    default void deactivate() {
    }

    /** Where the keyboard goes when the page opens. */
    default void focus() {
    }

    /**
     * The console locks: forget what was revealed (personal data shown in full), so that the member
     * who signs in again starts masked. The page is out of the window while locked.
     */
    default void conceal() {
    }
}
