package com.payband.console.ui.support;

import com.payband.band.BandSerial;
import com.payband.console.binding.Binding;
import com.payband.console.binding.BindingState;
import com.payband.console.binding.Revocation;
import com.payband.console.reader.DocumentReading;
import com.payband.console.staff.Action;
import com.payband.console.support.ResetApproval;
import com.payband.console.support.SupportService;
import com.payband.console.support.SupportService.BandRecord;
import com.payband.console.support.SupportService.OwnerDocument;
import com.payband.console.ui.ConsoleContext;
import com.payband.drivers.idcard.IdCardReader;
import com.payband.drivers.idcard.ReadRequest;
import com.payband.drivers.idcard.ReaderKind;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The support desk: a band looked up by its serial (what this console knows of it, for a band that has no customer
 * here too), the owner's ID card read again, a lost band found, a recovered band reset. The services decide and audit;
 * this only says what they did, in the member's language.
 */
public final class SupportViewModel {

    private final ConsoleContext context;
    private final StringProperty serial = new SimpleStringProperty("");
    private final ObjectProperty<BandRecord> record = new SimpleObjectProperty<>();
    private final StringProperty facts = new SimpleStringProperty("");
    private final ObjectProperty<OwnerDocument> ownerCard = new SimpleObjectProperty<>();
    private final StringProperty ownerCardNote = new SimpleStringProperty("");
    private final StringProperty mrz = new SimpleStringProperty("");
    /** The customer's new phone's key code, as the scanner types it from its PayBand app. */
    private final StringProperty newPhoneCode = new SimpleStringProperty("");
    private final StringProperty result = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final com.payband.console.ui.SampleCardTray tray;
    /** An administrator signs in here to approve the reset of a stolen band whose owner cannot come. */
    private final StringProperty approverName = new SimpleStringProperty("");
    private final StringProperty approverPassword = new SimpleStringProperty("");
    private final ObjectProperty<ResetApproval> approval = new SimpleObjectProperty<>();
    private final StringProperty approvalNote = new SimpleStringProperty("");

    public SupportViewModel(ConsoleContext context) {
        this.context = context;
        this.tray = new com.payband.console.ui.SampleCardTray(context);
        // another band typed: what was shown and read is about the last one
        serial.addListener((o, a, b) -> {
            if (record.get() != null && !record.get().serial().value().equals(b == null ? "" : b.strip().toUpperCase())) {
                record.set(null);
                facts.set("");
                result.set("");
            }
        });
        // an approval is for the band it was given for, shown or not
        record.addListener((o, a, b) -> {
            if (approval.get() != null && (b == null || !b.serial().equals(approval.get().serial()))) {
                forgetApproval();
            }
        });
    }

    // ---------------------------------------------------------------- looking a band up

    public void lookUp() {
        Optional<BandSerial> parsed = BandSerial.parse(serial.get() == null ? "" : serial.get().strip().toUpperCase());
        if (parsed.isEmpty()) {
            problem.set(context.text("support.serial.invalid"));
            return;
        }
        problem.set("");
        busy.set(true);
        context.threads().run(() -> context.services().support().lookUp(context.session(), parsed.get()), found -> {
            busy.set(false);
            record.set(found);
            facts.set(describe(found));
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    /** The record in sentences: the binding here, the reports of theft, when last seen, and what to do. */
    String describe(BandRecord r) {
        DateTimeFormatter times = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
                .withLocale(context.localeProperty().get()).withZone(ZoneId.systemDefault());
        List<String> lines = new ArrayList<>();
        String serialText = r.serial().value();
        if (r.unknown()) {
            lines.add(context.text("support.fact.unknown", serialText));
            return String.join("\n", lines);
        }
        Optional<Binding> b = r.binding();
        if (b.isPresent()) {
            lines.add(context.text("support.fact.binding", serialText, context.text("bindingState." + b.get().state().name()),
                    times.format(b.get().updatedAt()), times.format(b.get().createdAt())));
        } else {
            lines.add(context.text("support.fact.noBinding", serialText));
        }
        for (Revocation rev : r.revocations()) {
            lines.add(context.text("support.fact.revoked", context.text("reason." + rev.reason().name()),
                    times.format(rev.reportedAt()), context.text("support.source." + rev.source().name())));
        }
        r.lastSeen().ifPresent(at -> lines.add(context.text("support.fact.lastSeen", times.format(at))));
        if (!r.revocations().isEmpty() && !r.liveHere()) {
            lines.add(context.text("support.fact.keep"));
        } else if (b.filter(x -> x.state() == BindingState.SUSPENDED).isPresent()) {
            lines.add(context.text("support.fact.lost"));
        }
        return String.join("\n", lines);
    }

    // ---------------------------------------------------------------- the owner's card

    /** The simulator's card tray (training and demonstrations). */
    public com.payband.console.ui.SampleCardTray tray() {
        return tray;
    }

    /** Whether the reader in use opens chips with the MRZ (a PC/SC reader for passports). */
    public boolean needsMrz() {
        return context.reader().info().kind() == ReaderKind.PCSC;
    }

    /** Reads the owner's card on the reader in use and checks it; the document is kept here only until used. */
    public void readOwnerCard() {
        if (busy.get()) {
            return;
        }
        ReadRequest request;
        if (needsMrz()) {
            var key = com.payband.drivers.idcard.check.MrzKeyEntry.check(mrz.get() == null ? "" : mrz.get(),
                    java.time.LocalDate.now(context.clock())).key();
            if (key.isEmpty()) {
                problem.set(context.text("mrz.needed"));
                return;
            }
            request = ReadRequest.withAccessKey(key.get());
        } else {
            request = tray.request();
        }
        IdCardReader reader = context.reader();
        problem.set("");
        ownerCard.set(null);
        ownerCardNote.set(context.text("support.card.reading"));
        busy.set(true);
        context.threads().run(() -> {
            DocumentReading.Result read = context.services().documentReading().readAndWait(context.session(), reader,
                    request);
            return new Object[] {read, reader.info()};
        }, out -> {
            busy.set(false);
            DocumentReading.Result read = (DocumentReading.Result) out[0];
            if (!read.checks().accepted()) {
                ownerCardNote.set("");
                problem.set(context.text("enroll.read.refused", com.payband.console.app.FailureMessages.problems(
                        context.messages(), read.checks().refusals())));
                return;
            }
            ownerCard.set(new OwnerDocument(read.document(), (com.payband.drivers.idcard.ReaderInfo) out[1]));
            ownerCardNote.set(context.text("support.card.read", context.text("documentType."
                    + read.document().documentType().name()), com.payband.console.customer.PersonalDataMask
                    .documentNumber(read.document().documentNumber())));
        }, e -> {
            busy.set(false);
            ownerCardNote.set("");
            problem.set(context.describe(e));
        });
    }

    public void forgetOwnerCard() {
        ownerCard.set(null);
        ownerCardNote.set("");
    }

    // ---------------------------------------------------------------- found, reset

    public boolean mayResume() {
        return context.session().may(Action.RESUME_BINDING);
    }

    public boolean mayReset() {
        return context.session().may(Action.RESET_BAND);
    }

    /** A lost band's binding here, its owner's card read. */
    public BooleanBinding foundAllowed() {
        return Bindings.createBooleanBinding(() -> mayResume() && !busy.get() && ownerCard.get() != null
                && record.get() != null && record.get().binding().filter(b -> b.state() == BindingState.SUSPENDED)
                        .isPresent(), busy, ownerCard, record);
    }

    /** A band looked up that is nobody's in force here (the band itself says the rest). */
    public BooleanBinding resetAllowed() {
        return Bindings.createBooleanBinding(() -> mayReset() && !busy.get() && record.get() != null
                && !record.get().liveHere(), busy, record);
    }

    public boolean mayLinkPhone() {
        return context.session().may(Action.LINK_PHONE);
    }

    /** A binding here in force (active or lost), its owner's card read, the new phone's code scanned. */
    public BooleanBinding linkPhoneAllowed() {
        return Bindings.createBooleanBinding(() -> mayLinkPhone() && !busy.get() && ownerCard.get() != null
                && record.get() != null && record.get().binding().filter(b -> b.state() == BindingState.ACTIVE
                        || b.state() == BindingState.SUSPENDED).isPresent()
                && newPhoneCode.get() != null && !newPhoneCode.get().isBlank(), busy, ownerCard, record, newPhoneCode);
    }

    /** Simulator: the customer got a new phone; its app shows its key code (what the scanner would type). */
    public void simulateNewPhone() {
        BandRecord r = record.get();
        if (r == null || r.binding().isEmpty() || busy.get()) {
            return;
        }
        java.util.UUID customerId = r.binding().get().customerId();
        busy.set(true);
        context.threads().run(() -> context.services().simulator().replaceCustomerPhone(customerId).keyCode().text(),
                code -> {
                    busy.set(false);
                    newPhoneCode.set(code);
                }, e -> {
                    busy.set(false);
                    problem.set(context.describe(e));
                });
    }

    /** The band unlinks the owner's old phone and links the new one (both issuer-signed), the owner re-verified. */
    public void linkPhone() {
        BandRecord r = record.get();
        OwnerDocument card = ownerCard.get();
        String code = newPhoneCode.get();
        if (!linkPhoneAllowed().get()) {
            return;
        }
        Binding binding = r.binding().orElseThrow();
        act(() -> {
            var phone = context.services().support().acceptNewPhone(context.session(), binding.customerId(), code.strip());
            var linked = context.services().support().replacePhone(context.session(), binding.id(), card, phone);
            return context.text("support.phone.done", r.serial().value(), linked.shortForm());
        }, true);
    }

    public StringProperty newPhoneCode() {
        return newPhoneCode;
    }

    public void found() {
        BandRecord r = record.get();
        OwnerDocument card = ownerCard.get();
        if (!foundAllowed().get()) {
            return;
        }
        act(() -> {
            context.services().support().found(context.session(), r.binding().orElseThrow().id(), card);
            return context.text("support.found.done", r.serial().value());
        }, true);
    }

    public void reset() {
        BandRecord r = record.get();
        if (!resetAllowed().get()) {
            return;
        }
        Optional<OwnerDocument> card = Optional.ofNullable(ownerCard.get());
        Optional<ResetApproval> approved = Optional.ofNullable(approval.get());
        act(() -> {
            SupportService.ResetDone done = context.services().support().resetRecoveredBand(context.session(),
                    r.serial(), card, approved);
            return switch (done.grounds()) {
                case OWNER_VERIFIED -> context.text("support.reset.doneVerified", r.serial().value());
                case ADMINISTRATOR_APPROVED -> context.text("support.reset.doneApproved", r.serial().value(),
                        approved.orElseThrow().approvedBy());
                case POLICY -> context.text("support.reset.done", r.serial().value());
            };
        }, false);
    }

    /** Whether the reset may be approved here: a band looked up that is nobody's in force, the approver's name typed. */
    public BooleanBinding approveAllowed() {
        return Bindings.createBooleanBinding(() -> mayReset() && !busy.get() && record.get() != null
                && !record.get().liveHere() && approverName.get() != null && !approverName.get().isBlank()
                && approverPassword.get() != null && !approverPassword.get().isEmpty(),
                busy, record, approverName, approverPassword);
    }

    /**
     * The administrator, at this console, signs in with their own password and approves the reset of the band looked
     * up: good for one reset by the member signed in. The password is cleared at once.
     */
    public void approveReset() {
        BandRecord r = record.get();
        if (!approveAllowed().get()) {
            return;
        }
        String name = approverName.get().strip();
        char[] password = approverPassword.get().toCharArray();
        approverPassword.set("");
        problem.set("");
        busy.set(true);
        context.threads().run(() -> {
            try {
                var administrator = context.services().staff().signIn(name, password);
                return context.services().support().approveReset(context.session(), administrator, r.serial());
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        }, given -> {
            busy.set(false);
            approval.set(given);
            approverName.set("");
            approvalNote.set(context.text("support.approval.given", given.approvedBy(), given.serial().value()));
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    public void forgetApproval() {
        approval.set(null);
        approvalNote.set("");
        approverPassword.set("");
    }

    /**
     * Runs one action; on success says so, forgets the card (read for this action only) and the phone code, and shows
     * the band again.
     */
    private void act(java.util.concurrent.Callable<String> work, boolean syncAfter) {
        problem.set("");
        result.set("");
        busy.set(true);
        context.threads().run(work, done -> {
            busy.set(false);
            result.set(done);
            forgetOwnerCard();
            forgetApproval();
            newPhoneCode.set("");
            if (syncAfter) {
                context.syncNow(); // the issuer accepts the band's payments once it has the change
            }
            lookUp();
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
            if (approval.get() != null && approval.get().used()) {
                forgetApproval(); // used up even though the reset failed: a new one is asked for
            }
        });
    }

    /** The console locks: the owner's card read and an administrator's approval (and a typed password) are forgotten. */
    public void conceal() {
        forgetOwnerCard();
        forgetApproval();
        approverName.set("");
    }

    public StringProperty approverName() {
        return approverName;
    }

    public StringProperty approverPassword() {
        return approverPassword;
    }

    public ObjectProperty<ResetApproval> approval() {
        return approval;
    }

    public StringProperty approvalNote() {
        return approvalNote;
    }

    public StringProperty serial() {
        return serial;
    }

    public ObjectProperty<BandRecord> record() {
        return record;
    }

    public StringProperty facts() {
        return facts;
    }

    public ObjectProperty<OwnerDocument> ownerCard() {
        return ownerCard;
    }

    public StringProperty ownerCardNote() {
        return ownerCardNote;
    }

    public StringProperty mrz() {
        return mrz;
    }

    public StringProperty result() {
        return result;
    }

    public StringProperty problem() {
        return problem;
    }

    public BooleanProperty busy() {
        return busy;
    }
}
