package com.payband.drivers.idcard.pcsc;

import com.payband.drivers.idcard.PassiveAuthentication;
import java.util.Objects;

/**
 * What passive authentication found, in more detail than {@link PassiveAuthentication}: for logs,
 * the audit trail and support. Holds no personal data.
 */
public record PassiveAuthenticationReport(PassiveAuthentication result, Finding finding, String detail) {

    public enum Finding {
        /** Hashes match, the signature verifies, the signer chains to a trusted CSCA. */
        VALID(PassiveAuthentication.VALID),
        /** A data group read from the chip does not hash to the value EF.SOD signs: altered data. */
        DATA_GROUP_ALTERED(PassiveAuthentication.INVALID),
        /** EF.SOD does not list a hash for a data group that was read. */
        DATA_GROUP_NOT_SIGNED(PassiveAuthentication.INVALID),
        /** The document signer's signature over EF.SOD does not verify. */
        SIGNATURE_INVALID(PassiveAuthentication.INVALID),
        /** A trusted CSCA of the signer's issuer exists but did not sign the signer's certificate. */
        SIGNER_NOT_ISSUED_BY_CSCA(PassiveAuthentication.INVALID),
        /**
         * CSCAs are trusted here, and none of them (of any name) issued the signer's certificate: a forger
         * names his own CSCA differently from the trusted one.
         */
        SIGNER_NOT_TRUSTED(PassiveAuthentication.INVALID),
        /** The signer's certificate was certified by a trusted CSCA of another state than the document's. */
        SIGNER_OF_ANOTHER_STATE(PassiveAuthentication.INVALID),
        /** The signer's certificate has expired. */
        SIGNER_EXPIRED(PassiveAuthentication.INVALID),
        /** The signer's certificate is not valid yet. */
        SIGNER_NOT_YET_VALID(PassiveAuthentication.INVALID),
        /** The signer's certificate was issued outside its CSCA's validity period (chain model). */
        SIGNER_OUTSIDE_CSCA_VALIDITY(PassiveAuthentication.INVALID),
        /** EF.SOD cannot be decoded. */
        SECURITY_OBJECT_MALFORMED(PassiveAuthentication.INVALID),
        /** Hashes and signature are fine, but this console trusts no CSCA at all (no trust folder). */
        NO_TRUST_ANCHOR(PassiveAuthentication.NOT_CHECKED);

        private final PassiveAuthentication result;

        Finding(PassiveAuthentication result) {
            this.result = result;
        }

        public PassiveAuthentication result() {
            return result;
        }
    }

    public PassiveAuthenticationReport {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(detail, "detail");
    }

    static PassiveAuthenticationReport of(Finding finding, String detail) {
        return new PassiveAuthenticationReport(finding.result(), finding, detail);
    }
}
