package com.payband.console.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Looks up and formats the console's messages in one locale. */
public final class Messages {

    public static final String BUNDLE = "i18n.messages";
    /** The languages the console speaks. */
    public static final java.util.List<Locale> SUPPORTED = java.util.List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    private final ResourceBundle bundle;
    private final Locale locale;

    public Messages(Locale locale) {
        this.locale = supported(locale);
        this.bundle = ResourceBundle.getBundle(BUNDLE, this.locale, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Chinese for any zh locale, English otherwise. */
    public static Locale supported(Locale requested) {
        return "zh".equals(requested.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    /** Parses {@code en}, {@code zh}, {@code zh-CN}, {@code zh_CN.UTF-8}... */
    public static Locale parse(String tag) {
        String t = tag.trim();
        int dot = t.indexOf('.');
        if (dot >= 0) {
            t = t.substring(0, dot);
        }
        return supported(Locale.forLanguageTag(t.replace('_', '-')));
    }

    public Locale locale() {
        return locale;
    }

    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        // Always through MessageFormat, so that every message quotes apostrophes the same way ('').
        return new MessageFormat(pattern, locale).format(args);
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }
}
