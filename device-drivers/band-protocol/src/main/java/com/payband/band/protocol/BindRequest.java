package com.payband.band.protocol;

/** What BIND carries after its authorisation: the credential and the sealed payment secret. */
public record BindRequest(Credential credential, SealedSecret secret) {

    public byte[] payload() {
        return Crypto.concat(credential.encode(), secret.encode());
    }

    public static BindRequest decode(byte[] payload) throws ProtocolException {
        Wire.Reader r = new Wire.Reader(payload);
        BindRequest b = new BindRequest(Credential.read(r), SealedSecret.read(r));
        r.end();
        return b;
    }
}
