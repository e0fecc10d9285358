package com.payband.console.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payband.drivers.idcard.DocumentType;
import com.payband.drivers.idcard.Nation;
import com.payband.drivers.idcard.PassiveAuthentication;
import com.payband.drivers.idcard.Sex;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored (then encrypted) form of an {@link Identity}: JSON with fixed field names, written by hand
 * so that renaming a Java field never changes what is already in a customer's database.
 */
final class IdentityCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int FORMAT = 1;

    private IdentityCodec() {
    }

    static byte[] encode(Identity identity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("documentType", identity.documentType().name());
        m.put("fullName", identity.fullName());
        m.put("sex", identity.sex().name());
        m.put("birthDate", identity.birthDate().toString());
        m.put("documentNumber", identity.documentNumber());
        m.put("nationCode", identity.nation().map(Nation::code).orElse(null));
        m.put("address", identity.address().orElse(null));
        m.put("issuingAuthority", identity.issuingAuthority().orElse(null));
        m.put("issuingState", identity.issuingState().orElse(null));
        m.put("nationality", identity.nationality().orElse(null));
        m.put("validFrom", identity.validFrom().map(LocalDate::toString).orElse(null));
        m.put("validUntil", identity.validUntil().map(LocalDate::toString).orElse(null));
        m.put("passiveAuthentication", identity.passiveAuthentication().map(Enum::name).orElse(null));
        m.put("portraitSha256", identity.portraitSha256());
        m.put("simulated", identity.simulated());
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    static Identity decode(byte[] json) {
        Map<?, ?> m;
        try {
            m = JSON.readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored identity is not readable", e);
        }
        return new Identity(
                DocumentType.valueOf(str(m, "documentType")),
                str(m, "fullName"),
                Sex.valueOf(str(m, "sex")),
                LocalDate.parse(str(m, "birthDate")),
                str(m, "documentNumber"),
                opt(m, "nationCode").map(Integer::parseInt).flatMap(Nation::ofCode),
                opt(m, "address"),
                opt(m, "issuingAuthority"),
                opt(m, "issuingState"),
                opt(m, "nationality"),
                opt(m, "validFrom").map(LocalDate::parse),
                opt(m, "validUntil").map(LocalDate::parse),
                opt(m, "passiveAuthentication").map(PassiveAuthentication::valueOf),
                str(m, "portraitSha256"),
                Boolean.TRUE.equals(m.get("simulated")));
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalStateException("stored identity lacks " + key);
        }
        return v.toString();
    }

    private static Optional<String> opt(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }
}
