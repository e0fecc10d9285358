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
    /** A replacement: why the old band goes, the new band's serial, the customer's phone's key code, a note. */
    private final ObjectProperty<com.payband.console.binding.ReasonCode> replaceReason = new SimpleObjectProperty<>();
    private final StringProperty replacementSerial = new SimpleStringProperty("");
    private final StringProperty replacementPhoneCode = new SimpleStringProperty("");
    private final StringProperty replacementNote = new SimpleStringProperty("");
    /** The customer's receipt of the last action done for them at the desk (none for a reset without its owner). */
    private final ObjectProperty<ReceiptFacts> receipt = new SimpleObjectProperty<>();
    private final StringProperty receiptNote = new SimpleStringProperty("");
    private final ObjectProperty<java.nio.file.Path> importChecked = new SimpleObjectProperty<>();
    /** The member's note on the next step (what the customer said): kept sealed with it. */
    private final StringProperty note = new SimpleStringProperty("");
    /** Why the band is reset, and why its phone is changed: the likeliest preselected. */
    private final ObjectProperty<com.payband.console.binding.ReasonCode> resetReason =
            new SimpleObjectProperty<>(com.payband.console.binding.ReasonCode.FOUND);
    private final ObjectProperty<com.payband.console.binding.ReasonCode> phoneReason =
            new SimpleObjectProperty<>(com.payband.console.binding.ReasonCode.CUSTOMER_REQUEST);
    /** The report of the band shown being made: tried again (an answer lost), it keeps its id and is made once. */
    private java.util.UUID reportId;
    private BandSerial reportOf;
    private final com.payband.console.ui.ReceiptDesk receipts;

    /** What an action did: what the member is told, and what the customer's receipt says (or null). */
    private record Done(String text, ReceiptFacts receipt) {
    }

    /**
     * A receipt's facts, kept masked (the owner's card itself is forgotten after the action); its lines' labels are
     * message keys, put in the customer's language when it is printed.
     */
    record ReceiptFacts(com.payband.console.receipt.ReceiptKind kind, java.time.Instant at, String serial,
            java.util.UUID bindingId, String maskedName, String maskedNumber,
            com.payband.drivers.idcard.DocumentType documentType, List<ReceiptLine> lines) {
    }

    /** A receipt line: its label's key, and its value, itself a key (a reason) or as it is (a serial). */
    record ReceiptLine(String labelKey, String value, boolean valueIsKey) {
    }

    public SupportViewModel(ConsoleContext context) {
        this.context = context;
        this.tray = new com.payband.console.ui.SampleCardTray(context);
        this.receipts = new com.payband.console.ui.ReceiptDesk(context, receiptNote);
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
            if (!r.issuerAvailable()) {
                lines.add(context.text("support.fact.notRegistered"));
            }
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
        r.atIssuer().ifPresent(band -> {
            for (var other : band.bindings().stream().limit(3).toList()) {
                if (b.filter(x -> x.id().toString().equals(other.bindingId())).isPresent()) {
                    continue; // this console's own, said above
                }
                lines.add(context.text("support.fact.issuerBinding", other.store() == null ? "?" : other.store(),
                        times.format(java.time.Instant.parse(other.preparedAt())),
                        context.text("bindingState." + other.state()) + (other.reason() == null ? ""
                                : " (" + context.text("reason." + other.reason()) + ")")));
            }
            if (band.reportedStolen()) {
                lines.add(context.text("support.fact.issuerStolen"));
            }
        });
        if (r.issuerUnreachable()) {
            lines.add(context.text("support.fact.issuerUnreachable"));
        }
        if (!r.issuerAvailable()) {
            lines.add(context.text("support.fact.notRegistered"));
        } else if (r.issuedElsewhere()) {
            lines.add(context.text("support.fact.issuedElsewhere"));
        }
        if (r.inForceElsewhere().isPresent() && mayReport()) {
            lines.add(context.text("support.fact.reportable"));
        } else if (r.reportedStolen() && !r.liveHere()) {
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
                && record.get() != null && !record.get().issuedElsewhere() && record.get().binding().filter(b -> b.state() == BindingState.SUSPENDED)
                        .isPresent(), busy, ownerCard, record);
    }

    /** A band looked up that is nobody's in force here (the band itself says the rest). */
    public BooleanBinding resetAllowed() {
        return Bindings.createBooleanBinding(() -> mayReset() && !busy.get() && record.get() != null
                && record.get().issuerSigns() && !record.get().liveHere(), busy, record);
    }

    public boolean mayLinkPhone() {
        return context.session().may(Action.LINK_PHONE);
    }

    /** A binding here in force (active or lost), its owner's card read, the new phone's code scanned. */
    public BooleanBinding linkPhoneAllowed() {
        return Bindings.createBooleanBinding(() -> mayLinkPhone() && !busy.get() && ownerCard.get() != null
                && record.get() != null && record.get().issuerSigns()
                // an active band only: one reported lost is found first (the service refuses it too)
                && record.get() != null && record.get().binding().filter(b -> b.state() == BindingState.ACTIVE).isPresent()
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
        com.payband.console.binding.ReasonCode why = phoneReason.get();
        String phoneNote = noteTaken();
        act(() -> {
            var phone = context.services().support().acceptNewPhone(context.session(), binding.customerId(), code.strip());
            var linked = context.services().support().replacePhone(context.session(), binding.id(), card, phone, why,
                    phoneNote);
            return new Done(context.text("support.phone.done", r.serial().value(), linked.shortForm()), facts(
                    com.payband.console.receipt.ReceiptKind.PHONE_CHANGED, r.serial().value(), binding.id(), card,
                    List.of(new ReceiptLine("support.receipt.phone", linked.shortForm(), false))));
        }, true);
    }

    public StringProperty newPhoneCode() {
        return newPhoneCode;
    }

    public StringProperty note() {
        return note;
    }

    public ObjectProperty<com.payband.console.binding.ReasonCode> resetReason() {
        return resetReason;
    }

    public ObjectProperty<com.payband.console.binding.ReasonCode> phoneReason() {
        return phoneReason;
    }

    /** The member's note as the service takes it: null when blank. */
    private String noteTaken() {
        return note.get() == null || note.get().isBlank() ? null : note.get().strip();
    }

    public void found() {
        BandRecord r = record.get();
        OwnerDocument card = ownerCard.get();
        String foundNote = noteTaken();
        if (!foundAllowed().get()) {
            return;
        }
        act(() -> {
            java.util.UUID bindingId = r.binding().orElseThrow().id();
            context.services().support().found(context.session(), bindingId, card, foundNote);
            return new Done(context.text("support.found.done", r.serial().value()), facts(
                    com.payband.console.receipt.ReceiptKind.FOUND, r.serial().value(), bindingId, card, List.of()));
        }, true);
    }

    public void reset() {
        BandRecord r = record.get();
        if (!resetAllowed().get()) {
            return;
        }
        Optional<OwnerDocument> card = Optional.ofNullable(ownerCard.get());
        Optional<ResetApproval> approved = Optional.ofNullable(approval.get());
        com.payband.console.binding.ReasonCode why = resetReason.get();
        String resetNote = noteTaken();
        act(() -> {
            SupportService.ResetDone done = context.services().support().resetRecoveredBand(context.session(),
                    r.serial(), card, approved, why, resetNote, step -> context.threads().ui(() -> result.set(
                            context.text("support.reset.step." + step.name()))));
            return switch (done.grounds()) {
                case OWNER_VERIFIED -> new Done(context.text("support.reset.doneVerified", r.serial().value()),
                        facts(com.payband.console.receipt.ReceiptKind.RESET, r.serial().value(), done.bindingId(),
                                card.orElseThrow(), List.of()));
                case ADMINISTRATOR_APPROVED -> new Done(context.text("support.reset.doneApproved", r.serial().value(),
                        approved.orElseThrow().approvedBy()), null);
                case POLICY -> new Done(context.text("support.reset.done", r.serial().value()), null);
            };
        }, false);
    }

    // ---------------------------------------------------------------- a band of another store, reported by its owner

    public boolean mayReport() {
        return context.session().may(Action.REPORT_STOLEN);
    }

    /** A band another store enrolled, in force at the issuer, its owner's card read here. */
    public BooleanBinding reportAllowed() {
        return Bindings.createBooleanBinding(() -> mayReport() && !busy.get() && ownerCard.get() != null
                && record.get() != null && record.get().inForceElsewhere().isPresent(), busy, ownerCard, record);
    }

    /** The owner reports the band of another store stolen: the issuer checks their card and ends its binding. */
    public void reportStolenForOwner() {
        BandRecord r = record.get();
        OwnerDocument card = ownerCard.get();
        if (!reportAllowed().get()) {
            return;
        }
        if (reportId == null || !r.serial().equals(reportOf)) {
            reportId = java.util.UUID.randomUUID();
            reportOf = r.serial();
        }
        java.util.UUID id = reportId;
        act(() -> {
            SupportService.ReportDone done = context.services().support().reportStolenForOwner(context.session(),
                    r.serial(), card, id);
            context.threads().ui(() -> reportId = null);
            return new Done(context.text(done.changed() ? "support.report.done" : "support.report.doneAlready",
                    r.serial().value()), null);
        }, true);
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
    private void act(java.util.concurrent.Callable<Done> work, boolean syncAfter) {
        problem.set("");
        result.set("");
        receipt.set(null);
        receiptNote.set("");
        busy.set(true);
        context.threads().run(work, done -> {
            busy.set(false);
            result.set(done.text());
            receipt.set(done.receipt());
            forgetOwnerCard();
            forgetApproval();
            newPhoneCode.set("");
            note.set("");
            if (syncAfter) {
                context.syncNow(); // the issuer accepts the band's payments once it has the change
            }
            lookUp();
        }, e -> {
            busy.set(false);
            result.set(""); // a step's progress, not a result
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
        receipt.set(null);
        receiptNote.set("");
        note.set("");
    }

    // ---------------------------------------------------------------- a list of stolen bands

    public boolean mayImport() {
        return context.session().may(Action.IMPORT_REVOCATIONS);
    }

    /**
     * A list of stolen bands from a CSV file (serial,reason,reference): checked first as a dry run, taken when
     * {@code apply}; the result (or the bad line, nothing taken) is said, and where the list went beyond this console.
     */
    public void importList(java.nio.file.Path file, boolean apply) {
        if (busy.get() || !mayImport()) {
            return;
        }
        problem.set("");
        result.set("");
        busy.set(true);
        context.threads().run(() -> {
            try (var in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                return context.services().revocationImport().importCsv(context.session(), in,
                        file.getFileName().toString(), !apply);
            }
        }, r -> {
            busy.set(false);
            String said = context.text(r.applied() ? "support.import.done" : "support.import.checked",
                    file.getFileName().toString(), r.lines(), r.added(), r.alreadyKnown());
            if (r.applied()) {
                said += " " + context.messages().get("lifecycle.imported." + r.backend().name(), r.addedAtBackend());
            }
            result.set(said);
            importChecked.set(r.applied() ? null : file);
            if (record.get() != null) {
                lookUp(); // the band shown may be on the list now
            }
        }, e -> {
            busy.set(false);
            importChecked.set(null);
            problem.set(context.describe(e));
        });
    }

    /** The file last checked by a dry run, waiting to be taken; null when none. */
    public ObjectProperty<java.nio.file.Path> importChecked() {
        return importChecked;
    }

    // ---------------------------------------------------------------- replacement

    public boolean mayReplace() {
        return context.session().may(Action.ENROLL_BAND) && context.session().may(Action.DEACTIVATE_BINDING);
    }

    public List<com.payband.console.binding.ReasonCode> replacementReasons() {
        return SupportService.REPLACEMENT_REASONS.stream().sorted().toList();
    }

    public List<com.payband.console.binding.ReasonCode> resetReasons() {
        return SupportService.RESET_REASONS.stream().sorted().toList();
    }

    public List<com.payband.console.binding.ReasonCode> phoneReasons() {
        return SupportService.PHONE_REASONS.stream().sorted().toList();
    }

    /** A binding here in force, its owner's card read, why, the new band's serial and the customer's phone code. */
    public BooleanBinding replaceAllowed() {
        return Bindings.createBooleanBinding(() -> mayReplace() && !busy.get() && ownerCard.get() != null
                && record.get() != null && record.get().issuerSigns() && record.get().binding().filter(b -> b.state() == BindingState.ACTIVE
                        || b.state() == BindingState.SUSPENDED).isPresent()
                && replaceReason.get() != null && newSerial().isPresent()
                && !newSerial().get().equals(record.get().serial())
                && replacementPhoneCode.get() != null && !replacementPhoneCode.get().isBlank(),
                busy, ownerCard, record, replaceReason, replacementSerial, replacementPhoneCode);
    }

    private Optional<BandSerial> newSerial() {
        return BandSerial.parse(replacementSerial.get() == null ? "" : replacementSerial.get().strip().toUpperCase());
    }

    /** Simulator: the customer's own phone shows its key code (a replacement keeps the customer's phone). */
    public void simulateCustomerPhone() {
        BandRecord r = record.get();
        if (r == null || r.binding().isEmpty() || busy.get()) {
            return;
        }
        java.util.UUID customerId = r.binding().get().customerId();
        busy.set(true);
        context.threads().run(() -> context.services().simulator().customerPhone(customerId).keyCode().text(), code -> {
            busy.set(false);
            replacementPhoneCode.set(code);
        }, e -> {
            busy.set(false);
            problem.set(context.describe(e));
        });
    }

    /** The old band deactivated for the reason chosen, the new one bound with the customer's phone, the card read once. */
    public void replace() {
        if (!replaceAllowed().get()) {
            return;
        }
        BandRecord r = record.get();
        OwnerDocument card = ownerCard.get();
        Binding old = r.binding().orElseThrow();
        com.payband.console.binding.ReasonCode reason = replaceReason.get();
        BandSerial serial = newSerial().orElseThrow();
        String code = replacementPhoneCode.get().strip();
        String note = replacementNote.get() == null || replacementNote.get().isBlank() ? null : replacementNote.get().strip();
        act(() -> {
            var phone = context.services().enrollment().acceptPhone(context.session(), old.customerId(), code);
            var enrolled = context.services().support().replace(context.session(), old.id(), card, reason, note, serial,
                    phone);
            return new Done(context.text("support.replace.done", r.serial().value(), serial.value()), facts(
                    com.payband.console.receipt.ReceiptKind.REPLACEMENT, serial.value(), enrolled.bindingId(), card,
                    List.of(new ReceiptLine("support.receipt.replaces", r.serial().value(), false),
                            new ReceiptLine("support.receipt.reason", "reason." + reason.name(), true))));
        }, true);
        replacementSerial.set("");
        replacementPhoneCode.set("");
        replacementNote.set("");
        replaceReason.set(null);
    }

    public ObjectProperty<com.payband.console.binding.ReasonCode> replaceReason() {
        return replaceReason;
    }

    public StringProperty replacementSerial() {
        return replacementSerial;
    }

    public StringProperty replacementPhoneCode() {
        return replacementPhoneCode;
    }

    public StringProperty replacementNote() {
        return replacementNote;
    }

    // ---------------------------------------------------------------- the customer's receipt

    private ReceiptFacts facts(com.payband.console.receipt.ReceiptKind kind, String serial, java.util.UUID bindingId,
            OwnerDocument card, List<ReceiptLine> lines) {
        var document = card.document();
        return new ReceiptFacts(kind, context.clock().instant(), serial, bindingId,
                com.payband.console.customer.PersonalDataMask.name(document.fullName()),
                com.payband.console.customer.PersonalDataMask.documentNumber(document.documentNumber()),
                document.documentType(), lines);
    }

    /** The last action's receipt, in the customer's language, as a PDF (made off the FX thread: all given here). */
    private java.util.concurrent.Callable<byte[]> receiptPdf() {
        ReceiptFacts f = receipt.get();
        java.util.Locale console = context.localeProperty().get();
        String staff = context.session().username();
        return () -> receiptPdf(f, console, staff);
    }

    byte[] receiptPdf(ReceiptFacts f, java.util.Locale console, String staff)
            throws com.payband.console.receipt.ReceiptException {
        java.util.Locale language = com.payband.console.ui.ReceiptDesk.languageOf(f.documentType(), console);
        com.payband.console.i18n.Messages words = com.payband.console.i18n.Messages.forWindow(language);
        List<com.payband.console.receipt.Receipt.Line> lines = f.lines().stream().map(l ->
                new com.payband.console.receipt.Receipt.Line(words.get(l.labelKey()),
                        l.valueIsKey() ? words.get(l.value()) : l.value())).toList();
        var printed = new com.payband.console.receipt.Receipt(f.kind(), f.at(), receipts.store(),
                staff, f.maskedName(), f.maskedNumber(), f.serial(), f.bindingId(), lines,
                Optional.empty());
        return com.payband.console.receipt.ReceiptPdf.withSystemFonts().render(printed, language);
    }

    public String receiptFileName() {
        ReceiptFacts f = receipt.get();
        return f == null ? "payband-receipt.pdf" : "payband-" + f.kind().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-') + "-" + f.serial() + "-" + java.time.LocalDate.now(context.clock()) + ".pdf";
    }

    public void saveReceipt(java.nio.file.Path file) {
        if (receipt.get() != null) {
            receipts.save(receiptPdf(), file);
        }
    }

    public void printReceipt() {
        if (receipt.get() != null) {
            receipts.print(receiptPdf(), receiptFileName());
        }
    }

    public ObjectProperty<ReceiptFacts> receipt() {
        return receipt;
    }

    public StringProperty receiptNote() {
        return receiptNote;
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
