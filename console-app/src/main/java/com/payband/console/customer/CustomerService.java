package com.payband.console.customer;

import com.payband.console.audit.AuditAction;
import com.payband.console.audit.AuditTrail;
import com.payband.console.audit.Outcome;
import com.payband.console.audit.Target;
import com.payband.console.crypto.FieldCipher;
import com.payband.console.crypto.KeyedHash;
import com.payband.console.staff.Action;
import com.payband.console.staff.Authorizer;
import com.payband.console.staff.StaffSession;
import com.payband.console.store.Database;
import com.payband.drivers.idcard.IdDocument;
import com.payband.drivers.idcard.ReaderInfo;
import com.payband.drivers.idcard.check.DocumentCheck;
import com.payband.drivers.idcard.check.DocumentCheckResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.hibernate.Session;

/** Registers customers from documents, finds them by keyed hash, and reveals them to those who may see. */
public final class CustomerService {

    /** How many customers of one name are decrypted and shown at a time. */
    public static final int PAGE = 20;

    private final Database database;
    private final AuditTrail audit;
    private final Authorizer authorizer;
    private final FieldCipher identityCipher;
    private final KeyedHash documentNumberIndex;
    private final KeyedHash nameIndex;
    private final IntSupplier minimumAge;
    private final java.util.function.Supplier<DocumentCheck.UncheckedChips> uncheckedChips;
    private final Clock clock;

    public CustomerService(Database database, AuditTrail audit, Authorizer authorizer, FieldCipher identityCipher,
            KeyedHash documentNumberIndex, KeyedHash nameIndex, IntSupplier minimumAge,
            java.util.function.Supplier<DocumentCheck.UncheckedChips> uncheckedChips, Clock clock) {
        this.uncheckedChips = uncheckedChips;
        this.database = database;
        this.audit = audit;
        this.authorizer = authorizer;
        this.identityCipher = identityCipher;
        this.documentNumberIndex = documentNumberIndex;
        this.nameIndex = nameIndex;
        this.minimumAge = minimumAge;
        this.clock = clock;
    }

    /** The document checks with the store's current minimum age and rule for passports nobody can check. */
    public DocumentCheck documentCheck() {
        return new DocumentCheck(clock, minimumAge.getAsInt(), uncheckedChips.get());
    }

    /**
     * Records a customer verified by a document just read; a known person (same document number) gets
     * the new document added and their identity updated. A document the checks refuse registers nobody.
     */
    public RegisteredCustomer register(StaffSession staff, IdDocument document, ReaderInfo reader)
            throws DocumentRefusedException {
        authorizer.require(staff, Action.REGISTER_CUSTOMER);
        DocumentCheckResult checks = requireAccepted(staff, document, Target.reader(reader.id()), "registration");
        return database.inTransaction(s -> registerWithin(s, staff, document, reader, checks));
    }

    /**
     * The registration itself, in the caller's transaction, for a document the caller has checked and a
     * member of staff the caller has authorised (the bulk load of the store benchmark uses it).
     */
    RegisteredCustomer registerWithin(Session s, StaffSession staff, IdDocument document, ReaderInfo reader,
            DocumentCheckResult checks) {
        Identity identity = Identity.of(document);
        String numberIndex = documentNumberIndexOf(document.documentNumber());
        String name = nameIndexOf(identity.fullName());
        String nameAlt = Identity.alternativeName(document).map(this::nameIndexOf).filter(alt -> !alt.equals(name))
                .orElse(null);
        Instant now = clock.instant();
        Optional<Customer> existing = byDocumentNumberIndex(s, numberIndex).stream().findFirst();
        Customer customer;
        boolean isNew = existing.isEmpty();
        if (isNew) {
            UUID id = UUID.randomUUID();
            customer = new Customer(id, numberIndex, name, nameAlt, seal(identity, id), now, staff.staffId(),
                    document.simulated());
            s.persist(customer);
        } else {
            customer = existing.get();
            customer.updateIdentity(name, nameAlt, seal(identity, customer.id()), now, document.simulated());
        }
        keepDocument(s, customer.id(), document, identity, numberIndex, staff, reader, now);
        audit.append(s, staff.actor(), AuditAction.CUSTOMER_REGISTERED, Outcome.SUCCESS, Target.customer(customer.id()),
                isNew ? "NEW" : "KNOWN", document.documentType().name()
                        + (checks.warnings().isEmpty() ? "" : " warnings " + checks.warnings())
                        + (document.simulated() ? " simulated" : ""));
        return new RegisteredCustomer(customer.id(), isNew, matchOf(customer, identity), checks.warnings());
    }

    public List<CustomerMatch> findByDocumentNumber(StaffSession staff, String documentNumber) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        String index = documentNumberIndexOf(documentNumber);
        return database.inTransaction(s -> {
            List<CustomerMatch> matches = byDocumentNumberIndex(s, index).stream().limit(PAGE).map(this::matchOf).toList();
            audit.append(s, staff.actor(), AuditAction.CUSTOMER_SEARCHED, Outcome.SUCCESS, null, "DOCUMENT_NUMBER",
                    matches.size() + " found");
            return matches;
        });
    }

    /** The customer bound to a band (found through the band's binding), masked; the search is audited. */
    public List<CustomerMatch> findById(StaffSession staff, UUID customerId, String searchedBy) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        return database.inTransaction(s -> {
            Customer customer = s.find(Customer.class, customerId);
            List<CustomerMatch> matches = customer == null ? List.of() : List.of(matchOf(customer));
            audit.append(s, staff.actor(), AuditAction.CUSTOMER_SEARCHED, Outcome.SUCCESS, null, searchedBy,
                    matches.size() + " found");
            return matches;
        });
    }

    /** The first {@link #PAGE} customers with this full name, and how many there are. */
    public CustomerMatches findByName(StaffSession staff, String fullName) {
        return findByName(staff, fullName, PAGE);
    }

    /**
     * Customers with this full name, oldest first: at most {@code limit} of them decrypted and masked,
     * and the total. A common name can match hundreds of people; a screen shows a page, and staff narrow
     * down by document number.
     */
    public CustomerMatches findByName(StaffSession staff, String fullName, int limit) {
        authorizer.require(staff, Action.FIND_CUSTOMER);
        String index = nameIndexOf(fullName);
        return database.inTransaction(s -> {
            // Two indexed lookups rather than one OR, which H2 would answer with a full scan. A name's other
            // form is stored only where it differs, so no customer is found twice.
            List<MatchRow> found = new java.util.ArrayList<>();
            for (String column : List.of("nameIndex", "nameIndexAlt")) {
                found.addAll(s.createSelectionQuery("select new " + MatchRow.class.getName()
                                + "(c.id, c.sealedIdentity, c.createdAt, c.simulated) from Customer c where c." + column
                                + " = :h order by c.createdAt", MatchRow.class)
                        .setParameter("h", index).setMaxResults(limit).getResultList());
            }
            found.sort(java.util.Comparator.comparing(MatchRow::createdAt));
            long total = s.createSelectionQuery("select count(c) from Customer c where c.nameIndex = :h", Long.class)
                    .setParameter("h", index).getSingleResult()
                    + s.createSelectionQuery("select count(c) from Customer c where c.nameIndexAlt = :h", Long.class)
                    .setParameter("h", index).getSingleResult();
            List<CustomerMatch> matches = found.stream().limit(limit)
                    .map(r -> matchOf(r, IdentityCodec.decode(identityCipher.decrypt(r.sealedIdentity(), identityContext(r.id())))))
                    .toList();
            audit.append(s, staff.actor(), AuditAction.CUSTOMER_SEARCHED, Outcome.SUCCESS, null, "NAME",
                    total + " found");
            return new CustomerMatches(matches, total);
        });
    }

    /** The customer's identity in clear, for a role that may see it; every reveal is audited. */
    public Identity reveal(StaffSession staff, UUID customerId) throws NoSuchCustomerException {
        authorizer.require(staff, Action.VIEW_PERSONAL_DATA);
        Identity identity = database.inTransaction(s -> {
            Customer customer = s.find(Customer.class, customerId);
            if (customer == null) {
                return null;
            }
            audit.append(s, staff.actor(), AuditAction.PERSONAL_DATA_VIEWED, Outcome.SUCCESS, Target.customer(customerId),
                    null, null);
            return open(customer);
        });
        if (identity == null) {
            throw new NoSuchCustomerException(customerId);
        }
        return identity;
    }

    /**
     * Verifies the customer again with a document just read (a lost band found, a sensitive change):
     * the document must pass the checks and carry the customer's document number. The read is kept as
     * evidence, and audited either way.
     */
    public OwnerVerification verifyOwner(StaffSession staff, UUID customerId, IdDocument document, ReaderInfo reader)
            throws DocumentRefusedException, OwnerMismatchException {
        authorizer.require(staff, Action.READ_DOCUMENT);
        requireAccepted(staff, document, Target.customer(customerId), "owner verification");
        String numberIndex = documentNumberIndexOf(document.documentNumber());
        Instant now = clock.instant();
        OwnerVerification verification = database.inTransaction(s -> {
            Customer customer = s.find(Customer.class, customerId);
            if (customer == null || !KeyedHash.equal(customer.documentNumberIndex().getBytes(StandardCharsets.US_ASCII),
                    numberIndex.getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
            UUID documentId = keepDocument(s, customerId, document, Identity.of(document), numberIndex, staff, reader, now);
            audit.append(s, staff.actor(), AuditAction.DOCUMENT_READ, Outcome.SUCCESS, Target.customer(customerId),
                    "OWNER_VERIFIED", document.documentType().name());
            return new OwnerVerification(customerId, documentId, now);
        });
        if (verification == null) {
            audit.record(staff.actor(), AuditAction.DOCUMENT_READ, Outcome.DENIED, Target.customer(customerId),
                    "OWNER_MISMATCH", document.documentType().name());
            throw new OwnerMismatchException(customerId);
        }
        return verification;
    }

    /**
     * The owner evidence of a customer's document (see {@link OwnerEvidence}), for the issuer when it prepares their
     * binding: a digest, nothing of the identity in clear leaves the service.
     */
    public byte[] ownerEvidence(UUID customerId) throws NoSuchCustomerException {
        Identity identity = database.inTransaction(s -> {
            Customer customer = s.find(Customer.class, customerId);
            return customer == null ? null : open(customer);
        });
        if (identity == null) {
            throw new NoSuchCustomerException(customerId);
        }
        return OwnerEvidence.of(identity);
    }

    /**
     * The owner evidence of a document just read for a band bound in another store (its owner is no customer here):
     * the document must pass the checks; nothing of it is kept, the read is audited against the band.
     */
    public byte[] ownerEvidenceOfDocument(StaffSession staff, IdDocument document, String bandSerial)
            throws DocumentRefusedException {
        authorizer.require(staff, Action.READ_DOCUMENT);
        requireAccepted(staff, document, Target.band(bandSerial), "owner verification");
        audit.record(staff.actor(), AuditAction.DOCUMENT_READ, Outcome.SUCCESS, Target.band(bandSerial),
                "OWNER_EVIDENCE", document.documentType().name());
        return OwnerEvidence.of(Identity.of(document));
    }

    /** Whether the customer was registered (or updated) from a simulator's document; false for none such. */
    public boolean simulated(UUID customerId) {
        return database.inTransaction(s -> {
            Customer c = s.find(Customer.class, customerId);
            return c != null && c.simulated();
        });
    }

    public long count() {
        return database.inTransaction(s -> s.createSelectionQuery("select count(c) from Customer c", Long.class)
                .getSingleResult());
    }

    String documentNumberIndexOf(String documentNumber) {
        return documentNumberIndex.hex(DocumentNumbers.normalise(documentNumber));
    }

    String nameIndexOf(String fullName) {
        return nameIndex.hex(NameNormaliser.normalise(fullName));
    }

    private DocumentCheckResult requireAccepted(StaffSession staff, IdDocument document, Target target, String purpose)
            throws DocumentRefusedException {
        DocumentCheckResult checks = documentCheck().check(document);
        if (!checks.accepted()) {
            audit.record(staff.actor(), AuditAction.DOCUMENT_REFUSED, Outcome.DENIED, target,
                    String.join(",", checks.refusals().stream().map(Enum::name).toList()),
                    document.documentType().name() + " " + purpose);
            throw new DocumentRefusedException(checks);
        }
        return checks;
    }

    /** Seals and stores the document read as evidence of the verification. */
    private UUID keepDocument(Session s, UUID customerId, IdDocument document, Identity identity, String numberIndex,
            StaffSession staff, ReaderInfo reader, Instant now) {
        UUID documentId = UUID.randomUUID();
        byte[] portrait = document.portrait().isPresent()
                ? identityCipher.encrypt(document.portrait().data(), portraitContext(documentId)) : null;
        s.persist(new IdentityDocument(documentId, customerId, document.documentType(), numberIndex,
                identityCipher.encrypt(IdentityCodec.encode(identity), documentContext(documentId)), portrait, now,
                staff.staffId(), reader.id(), document.simulated()));
        return documentId;
    }

    private static List<Customer> byDocumentNumberIndex(Session s, String index) {
        return s.createSelectionQuery("from Customer c where c.documentNumberIndex = :h order by c.createdAt", Customer.class)
                .setParameter("h", index).getResultList();
    }

    private CustomerMatch matchOf(Customer customer) {
        return matchOf(customer, open(customer));
    }

    private static CustomerMatch matchOf(Customer customer, Identity identity) {
        return matchOf(new MatchRow(customer.id(), null, customer.createdAt(), customer.simulated()), identity);
    }

    private static CustomerMatch matchOf(MatchRow row, Identity identity) {
        return new CustomerMatch(row.id(), identity.documentType(), PersonalDataMask.name(identity.fullName()),
                PersonalDataMask.documentNumber(identity.documentNumber()), row.createdAt(), row.simulated());
    }

    /** What a search result needs of a customer row, read without loading the entity. */
    public record MatchRow(UUID id, byte[] sealedIdentity, Instant createdAt, boolean simulated) {
    }

    private byte[] seal(Identity identity, UUID customerId) {
        return identityCipher.encrypt(IdentityCodec.encode(identity), identityContext(customerId));
    }

    private Identity open(Customer customer) {
        return IdentityCodec.decode(identityCipher.decrypt(customer.sealedIdentity(), identityContext(customer.id())));
    }

    private static String identityContext(UUID customerId) {
        return "customer/identity/" + customerId;
    }

    private static String documentContext(UUID documentId) {
        return "identity_document/content/" + documentId;
    }

    private static String portraitContext(UUID documentId) {
        return "identity_document/portrait/" + documentId;
    }
}
