package com.payband.console.ui.shell;

import com.payband.console.i18n.Messages;
import com.payband.console.ui.ConsoleContext;
import java.util.Locale;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;

/** The language switch: each language named in itself, so that anyone finds theirs. */
public final class LanguageChoice {

    private LanguageChoice() {
    }

    /** The window's language. */
    public static ComboBox<Locale> create(ConsoleContext context) {
        ComboBox<Locale> box = createFor(context.localeProperty());
        box.setId("language");
        return box;
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
