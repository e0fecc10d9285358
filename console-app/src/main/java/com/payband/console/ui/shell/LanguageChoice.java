package com.payband.console.ui.shell;

import com.payband.console.i18n.Messages;
import com.payband.console.ui.ConsoleContext;
import java.util.Locale;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;

/** The language switch: each language named in itself, so that anyone finds theirs. */
public final class LanguageChoice {

    private LanguageChoice() {
    }

    /** The window's language, as a list (the settings page). */
    public static ComboBox<Locale> create(ConsoleContext context) {
        ComboBox<Locale> box = createFor(context.localeProperty());
        box.setId("language");
        return box;
    }

    /**
     * The window's language as one link-styled button naming the next language in itself ("简体中文" while
     * the window speaks English): one click switches, and it is a plain button, not a list whose popup,
     * list view and scroll bars the sign-in form would build before its first frame.
     */
    public static Button switcher(ConsoleContext context) {
        Button button = new Button();
        button.setId("language");
        button.getStyleClass().add("language-switch");
        Runnable label = () -> {
            Locale next = next(context.localeProperty().get());
            button.setText(name(next));
            button.setAccessibleText("Language / 语言: " + name(next));
        };
        label.run();
        context.localeProperty().addListener((o, a, b) -> label.run());
        button.setOnAction(e -> context.localeProperty().set(next(context.localeProperty().get())));
        return button;
    }

    static Locale next(Locale current) {
        int at = 0;
        while (at < Messages.SUPPORTED.size() && !Messages.SUPPORTED.get(at).getLanguage().equals(current.getLanguage())) {
            at++;
        }
        return Messages.SUPPORTED.get((at + 1) % Messages.SUPPORTED.size());
    }

    /** A language choice bound to this property (the window's, or the customer's for the consent text). */
    public static ComboBox<Locale> createFor(javafx.beans.property.ObjectProperty<Locale> language) {
        ComboBox<Locale> box = new ComboBox<>();
        box.getItems().setAll(Messages.SUPPORTED);
        box.setValue(language.get());
        box.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Locale item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : name(item));
            }
        });
        box.setButtonCell(box.getCellFactory().call(null));
        box.valueProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(language.get())) {
                language.set(b);
            }
        });
        language.addListener((o, a, b) -> box.setValue(b));
        box.setAccessibleText("Language / 语言");
        return box;
    }

    public static String name(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? "简体中文" : "English";
    }
}
