package com.payband.console.cli;

import com.payband.console.customer.Identity;
import com.payband.console.i18n.Messages;
import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.check.DocumentCheckResult;
import com.payband.drivers.idcard.check.DocumentProblem;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An identity as the command line prints it: the stable JSON fields documented in cli.md, or labelled
 * lines in the user's language.
 */
final class DocumentOutput {

    private DocumentOutput() {
    }

    static Map<String, Object> json(Identity id) {
        boolean resident = id.documentType() == DocumentType.CN_RESIDENT_ID_CARD;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documentType", id.documentType().name());
        m.put("name", id.fullName());
        m.put("sex", id.sex().name());
        m.put("nation", id.nation().map(Nation::chineseName).orElse(null));
        m.put("nationCode", id.nation().map(n -> String.format(Locale.ROOT, "%02d", n.code())).orElse(null));
        m.put("birthDate", id.birthDate().toString());
        m.put("address", id.address().orElse(null));
        m.put("idNumber", id.documentNumber());
        m.put("issuingAuthority", id.issuingAuthority().orElse(null));
        m.put("validFrom", id.validFrom().map(LocalDate::toString).orElse(null));
        m.put("validUntil", id.validUntil().map(LocalDate::toString).orElse(null));
        m.put("photoSha256", id.portraitSha256());
        m.put("documentNumber", id.documentNumber());
        m.put("nationality", id.nationality().orElse(null));
        m.put("issuingState", id.issuingState().orElse(null));
        m.put("passiveAuthentication", resident ? null : id.passiveAuthentication().map(Enum::name).orElse(null));
        m.put("simulated", id.simulated());
        return m;
    }

    static Map<String, Object> json(DocumentCheckResult checks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accepted", checks.accepted());
        m.put("refusals", checks.refusals().stream().map(Enum::name).toList());
        m.put("warnings", checks.warnings().stream().map(Enum::name).toList());
        return m;
    }

    static void print(PrintWriter out, Messages m, Identity id) {
        boolean resident = id.documentType() == DocumentType.CN_RESIDENT_ID_CARD;
        line(out, m.get("doc.type"), m.get("documentType." + id.documentType().name())
                + (id.simulated() ? " (" + m.get("doc.simulated") + ")" : ""));
        line(out, m.get("doc.name"), id.fullName());
        line(out, m.get("doc.sex"), m.get("sex." + id.sex().name()));
        id.nation().ifPresent(n -> line(out, m.get("doc.nation"),
                m.locale().getLanguage().equals("zh") ? n.chineseName() : n.chineseName() + " (" + n.englishName() + ")"));
        line(out, m.get("doc.birthDate"), id.birthDate().toString());
        id.address().ifPresent(a -> line(out, m.get("doc.address"), a));
        line(out, m.get(resident ? "doc.idNumber" : "doc.documentNumber"), id.documentNumber());
        id.issuingAuthority().ifPresent(a -> line(out, m.get("doc.issuingAuthority"), a));
        if (!resident) {
            id.issuingState().ifPresent(s -> line(out, m.get("doc.issuingState"), s));
            id.nationality().ifPresent(s -> line(out, m.get("doc.nationality"), s));
        }
        String from = id.validFrom().map(LocalDate::toString).orElse("");
        String until = id.validUntil().map(LocalDate::toString).orElse(m.get("doc.longTerm"));
        line(out, m.get("doc.validity"), from.isEmpty() ? until : from + " – " + until);
        id.passiveAuthentication().ifPresent(pa -> line(out, m.get("doc.passiveAuthentication"), m.get("pa." + pa.name())));
        line(out, m.get("doc.photo"), "SHA-256 " + id.portraitSha256());
    }

    static void print(PrintWriter out, Messages m, DocumentCheckResult checks) {
        if (checks.accepted()) {
            line(out, m.get("doc.checks"), m.get("checks.accepted"));
        } else {
            line(out, m.get("doc.checks"), m.get("checks.refused", describe(m, checks.refusals())));
        }
        if (!checks.warnings().isEmpty()) {
            line(out, "", m.get("checks.warnings", describe(m, checks.warnings())));
        }
    }

    static String describe(Messages m, List<DocumentProblem> problems) {
        return com.payband.console.app.FailureMessages.problems(m, problems);
    }

    static void line(PrintWriter out, String label, String value) {
        out.println(Table.pad(label, 14) + value);
    }
}
