package com.payband.console.consent;

import com.payband.console.i18n.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The wording of the consent in one language. A version names the wording (the same in every
 * language it was translated into): it is recorded with each acceptance, so that what a customer
 * accepted can always be shown again.
 *
 * <p>The texts are the resources {@code consent/consent_en.txt} and {@code consent/consent_zh_CN.txt}:
 * UTF-8, a first line {@code version: <id>}, then the text, one paragraph per line.
 *
 * @param version the wording's id, e.g. {@code 2026-11} (at most {@value #MAX_VERSION_LENGTH} characters)
 * @param locale  the language of the text
 * @param text    the text, paragraphs separated by line breaks
 */
public record ConsentText(String version, Locale locale, String text) {

    public static final int MAX_VERSION_LENGTH = 32;
    private static final String VERSION_PREFIX = "version:";

    public ConsentText {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(text, "text");
        if (version.isBlank() || version.length() > MAX_VERSION_LENGTH || !version.equals(version.strip())
                || version.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("invalid consent version: " + version);
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty consent text");
        }
    }

    /** The current text in the customer's language: Chinese for any zh locale, English otherwise. */
    public static ConsentText current(Locale locale) {
        Locale supported = Messages.supported(locale);
        String resource = "/consent/consent_" + (supported.getLanguage().equals("zh") ? "zh_CN" : "en") + ".txt";
        try (InputStream in = ConsentText.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("consent text missing: " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), supported);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Reads a text in the resource format: a first line {@code version: <id>}, then the text. */
    static ConsentText parse(String content, Locale locale) {
        String normalised = content.replace("\r\n", "\n").replace("\r", "\n");
        if (normalised.startsWith("\uFEFF")) {
            normalised = normalised.substring(1);
        }
        int end = normalised.indexOf('\n');
        String first = end < 0 ? normalised : normalised.substring(0, end);
        if (!first.startsWith(VERSION_PREFIX)) {
            throw new IllegalStateException("a consent text must start with '" + VERSION_PREFIX + " <id>'");
        }
        String version = first.substring(VERSION_PREFIX.length()).strip();
        String text = end < 0 ? "" : normalised.substring(end + 1).strip();
        return new ConsentText(version, locale, text);
    }

    /** The language as recorded with the consent: {@code en}, {@code zh-CN}. */
    public String language() {
        return locale.toLanguageTag();
    }

    /** The paragraphs of the text, in order, without blank lines. */
    public java.util.List<String> paragraphs() {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
