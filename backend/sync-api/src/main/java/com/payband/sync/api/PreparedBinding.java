package com.payband.sync.api;

/** The issuer's answer to a {@link BindingPreparation}: the band protocol's BIND payload (credential and sealed secret), base64. */
public record PreparedBinding(String bindRequest) {
}
