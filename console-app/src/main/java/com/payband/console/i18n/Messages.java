package com.payband.console.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** Looks up and formats the console's messages in one locale. */
public final class Messages {

    public static final String BUNDLE = "i18n.messages";
    /** The window's own words; looked up before {@link #BUNDLE}, which holds the words both share. */
    public static final String UI_BUNDLE = "i18n.ui";
    /** The languages the console speaks. */
    public static final java.util.List<Locale> SUPPORTED = java.util.List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    private final java.util.List<ResourceBundle> bundles;
    private final Locale locale;

    public Messages(Locale locale) {
        this(locale, BUNDLE);
    }

    /** Messages from these bundles, the first that has a key winning. */
    public Messages(Locale locale, String... bundleNames) {
        this.locale = supported(locale);
        this.bundles = java.util.Arrays.stream(bundleNames).map(name -> ResourceBundle.getBundle(name, this.locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))).toList();
    }

    /** The window's messages: its own bundle, then the shared one. */
    public static Messages forWindow(Locale locale) {
        return new Messages(locale, UI_BUNDLE, BUNDLE);
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
        String pattern = null;
        for (ResourceBundle bundle : bundles) {
            if (bundle.containsKey(key)) {
                pattern = bundle.getString(key);
                break;
            }
        }
        if (pattern == null) {
            return key;
        }
        // Always through MessageFormat, so that every message quotes apostrophes the same way ('').
        return new MessageFormat(pattern, locale).format(args);
    }

    public boolean has(String key) {
        return bundles.stream().anyMatch(b -> b.containsKey(key));
    }
}
