package com.payband.sync.api;

/** A registered console asks for a new certificate for a new key ({@link ApiPaths#RENEW}, mutual TLS). */
public record RenewalRequest(String csrPem) {
}
