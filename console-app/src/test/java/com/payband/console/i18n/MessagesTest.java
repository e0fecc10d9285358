package com.payband.console.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.audit.AuditVerification;
import com.payband.console.crypto.KeyVaultException;
import com.payband.console.settings.Setting;
import com.payband.console.staff.AccessDeniedException;
import com.payband.console.staff.Action;
import com.payband.console.staff.PasswordPolicy;
import com.payband.console.staff.Role;
import com.payband.console.staff.SignInException;
import com.payband.console.staff.StaffException;
import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.IdCardReadException;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.ReaderKind;
import com.payband.drivers.idcard.ReaderState;
import com.payband.drivers.idcard.Sex;
import com.payband.drivers.idcard.check.DocumentProblem;
import com.payband.drivers.idcard.sim.SampleDocuments;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both languages say everything, and every enum the console shows has its words in both. */
class MessagesTest {

    @ParameterizedTest
    @ValueSource(strings = {"messages", "ui", "cli"})
    void englishAndChineseHaveTheSameKeys(String bundle) throws Exception {
        Properties en = load("/i18n/" + bundle + ".properties");
        Properties zh = load("/i18n/" + bundle + "_zh_CN.properties");
        assertThat(new TreeSet<>(zh.stringPropertyNames())).isEqualTo(new TreeSet<>(en.stringPropertyNames()));
        for (String key : zh.stringPropertyNames()) {
            assertThat(zh.getProperty(key)).as(key).isNotBlank();
        }
    }

    /** The window's and the shared words are MessageFormat patterns; the command line's help is not (picocli's own). */
    @ParameterizedTest
    @ValueSource(strings = {"messages", "ui"})
    void everyMessagePatternIsValidAndChineseIsReallyChinese(String bundle) throws Exception {
        Properties en = load("/i18n/" + bundle + ".properties");
        Properties zh = load("/i18n/" + bundle + "_zh_CN.properties");
        for (Properties p : List.of(en, zh)) {
            for (String key : p.stringPropertyNames()) {
                String pattern = p.getProperty(key);
                new MessageFormat(pattern);
                assertThat(pattern.replace("''", "")).as(key + ": a lone apostrophe swallows the rest").doesNotContain("'");
            }
        }
        for (String key : en.stringPropertyNames()) {
            // a placeholder the translation lacks (or invents) loses or garbles what the sentence is about
            assertThat(placeholders(zh.getProperty(key, ""))).as(bundle + " " + key + " placeholders")
                    .isEqualTo(placeholders(en.getProperty(key)));
        }
        long han = zh.stringPropertyNames().stream().filter(k -> zh.getProperty(k).codePoints()
                .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)).count();
        assertThat(han).isGreaterThan(zh.size() * 8L / 10);
    }

    @Test
    void everyValueShownToPeopleHasItsWords() {
        List<String> keys = new ArrayList<>();
        for (Role r : Role.values()) keys.add("role." + r);
        for (Action a : Action.values()) keys.add("action." + a);
        for (DocumentType t : DocumentType.values()) keys.add("documentType." + t);
        for (Sex s : Sex.values()) keys.add("sex." + s);
        for (PassiveAuthentication p : PassiveAuthentication.values()) keys.add("pa." + p);
        for (DocumentProblem p : DocumentProblem.values()) keys.add("problem." + p);
        for (ReaderKind k : ReaderKind.values()) keys.add("readerKind." + k);
        for (ReaderState s : ReaderState.values()) keys.add("readerState." + s);
        for (IdCardReadException.Failure f : IdCardReadException.Failure.values()) keys.add("error.read." + f);
        for (SignInException.Reason r : SignInException.Reason.values()) keys.add("error.signIn." + r);
        for (AccessDeniedException.Reason r : AccessDeniedException.Reason.values()) keys.add("error.access." + r);
        for (PasswordPolicy.Violation v : PasswordPolicy.Violation.values()) keys.add("password.violation." + v);
        for (StaffException.Reason r : StaffException.Reason.values()) keys.add("error.staff." + r);
        for (KeyVaultException.Reason r : KeyVaultException.Reason.values()) keys.add("error.key." + r);
        for (AuditVerification.Kind k : AuditVerification.Kind.values()) keys.add("audit.problem." + k);
        for (Setting s : Setting.values()) keys.add("setting." + s);
        for (String sample : SampleDocuments.names()) keys.add("sample." + sample);
        for (var k : com.payband.drivers.band.BandException.Kind.values()) keys.add("error.band." + k);
        for (var r : com.payband.console.enrollment.EnrollmentException.Reason.values()) keys.add("error.enroll." + r);
        for (var st : com.payband.console.enrollment.EnrollmentStep.values()) keys.add("enroll.step." + st);
        for (var b : com.payband.band.BandState.values()) keys.add("bandState." + b);
        for (var st : com.payband.band.protocol.Status.values()) keys.add("band.status." + st);
        for (var v : com.payband.console.issuer.PaymentVerdict.values()) keys.add("verdict." + v);
        for (Locale locale : Messages.SUPPORTED) {
            Messages m = new Messages(locale);
            for (String key : keys) {
                assertThat(m.has(key)).as(locale + " " + key).isTrue();
            }
        }
    }

    @Test
    void languagesAreChosenSensibly() {
        assertThat(Messages.parse("zh_CN.UTF-8")).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(Messages.parse("zh-TW")).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(Messages.parse("en_US.UTF-8")).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.parse("fr")).isEqualTo(Locale.ENGLISH);
        assertThat(new Messages(Locale.SIMPLIFIED_CHINESE).get("sex.FEMALE")).isEqualTo("女");
        assertThat(new Messages(Locale.ENGLISH).get("error.signIn.LOCKED", "10:15")).contains("10:15");
    }

    private static java.util.SortedSet<Integer> placeholders(String pattern) {
        java.util.SortedSet<Integer> found = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\d+)[,}]").matcher(pattern.replace("''", ""));
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        return found;
    }

    private static Properties load(String resource) throws Exception {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
