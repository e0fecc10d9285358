package com.payband.console.receipt;

import com.payband.console.consent.ConsentText;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a receipt says, whatever its kind. The caller decides what is printed about the customer: pass
 * the masked name and document number (or null to leave them out), never the full ones.
 *
 * @param kind                          what the receipt is for
 * @param issuedAt                      when it was issued
 * @param store                         the store that issued it, as its customers know it (its name and address)
 * @param staffUsername                 the member of staff who served the customer
 * @param customerMaskedName            the customer's name as printed (masked), or null
 * @param customerMaskedDocumentNumber  the document number as printed (masked), or null
 * @param bandSerial                    the band's serial number
 * @param bindingId                     the binding the receipt is about: the reference support asks for
 * @param lines                         further labelled lines, printed as given after the fixed ones
 * @param consent                       the consent the customer accepted, printed in full after the receipt
 *                                      with a line for their signature
 */
public record Receipt(ReceiptKind kind, Instant issuedAt, String store, String staffUsername,
        String customerMaskedName, String customerMaskedDocumentNumber, String bandSerial, UUID bindingId,
        List<Line> lines, Optional<AcceptedConsent> consent) {

    /** A line of the receipt: a label (already in the receipt's language) and its value. */
    public record Line(String label, String value) {
        public Line {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The consent text the customer accepted, and when. */
    public record AcceptedConsent(ConsentText text, Instant acceptedAt) {
        public AcceptedConsent {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(acceptedAt, "acceptedAt");
        }
    }

    public Receipt {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(staffUsername, "staffUsername");
        Objects.requireNonNull(bandSerial, "bandSerial");
        Objects.requireNonNull(bindingId, "bindingId");
        lines = List.copyOf(lines);
        Objects.requireNonNull(consent, "consent");
    }

    /** The same receipt with this consent printed after it. */
    public Receipt withConsent(ConsentText text, Instant acceptedAt) {
        return new Receipt(kind, issuedAt, store, staffUsername, customerMaskedName, customerMaskedDocumentNumber,
                bandSerial, bindingId, lines, Optional.of(new AcceptedConsent(text, acceptedAt)));
    }
}
