package com.payband.backend.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.payband.backend.Backend;
import com.payband.backend.http.TestConsole;
import com.payband.backend.store.BackendStore;
import com.payband.backend.testpeer.Postgres;
import com.payband.backend.testpeer.SoftHsm;
import com.payband.band.BandSerial;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BindRequest;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.Crypto;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.Uuids;
import com.payband.band.protocol.Wire;
import com.payband.sync.api.ApiPaths;
import com.payband.sync.api.AuthorisationReason;
import com.payband.sync.api.AuthorisationRequest;
import com.payband.sync.api.BindingPreparation;
import com.payband.sync.api.EventBatch;
import com.payband.sync.api.PaymentCheck;
import com.payband.sync.api.ResetApproval;
import com.payband.sync.api.SyncEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issuer at the backend, its keys in a SoftHSM2 token through PKCS#11, its records on PostgreSQL, reached over
 * mutual TLS as consoles reach it: a binding made and paid with; and what a rogue or careless console, a replayed
 * challenge, an authorisation for another band, a flood of requests and a thief with a stolen band get.
 */
class IssuerTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private Backend backend;
    private URI url;
    private IssuerKeys keys;

    @BeforeEach
    void start() throws Exception {
        keys = IssuerKeys.pkcs11(SoftHsm.shared().config(), SoftHsm.PIN.toCharArray());
        start(IssuerService.DEFAULT_AUTHORISATIONS_PER_MINUTE);
    }

    private void start(int perMinute) throws Exception {
        if (backend != null) {
            backend.close();
        }
        String db = Postgres.shared().createDatabase("issuer_" + DATABASES.incrementAndGet());
        BackendStore store = BackendStore.open(dir, db, Postgres.shared().user(), null);
        backend = Backend.start(store, dir.resolve("ca"), keys, new Backend.Settings("127.0.0.1", 0, "token", List.of(),
                true, perMinute));
        url = backend.server().url();
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private TestConsole console(String name) throws Exception {
        return TestConsole.register(url, backend.registry().createCode(Duration.ofHours(1)).toString(), name);
    }

    /** A band as the issuer sees it: serial and attested device key (its private half is the band's). */
    private record Band(BandSerial serial, KeyPair device) {
        static Band make() {
            return new Band(new BandSerial(String.format("PB%06d", RANDOM.nextInt(1_000_000))), P256.generate());
        }
    }

    private static final byte[] OWNER = Crypto.sha256(Crypto.ascii("identity evidence of the owner"));

    private BindRequest prepare(TestConsole console, Band band, UUID bindingId) throws Exception {
        HttpResponse<String> r = prepareCall(console, band, bindingId);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return BindRequest.decode(Base64.getDecoder().decode(json(r).get("bindRequest").asText()));
    }

    private HttpResponse<String> prepareCall(TestConsole console, Band band, UUID bindingId) throws Exception {
        return console.post(url, ApiPaths.ISSUER_BINDINGS, new BindingPreparation(bindingId.toString(),
                band.serial().value(), b64(P256.encode(band.device().getPublic())), b64(OWNER),
                b64(PhoneKey.of(P256.generate().getPublic()).encoded()), "clerk li", false));
    }

    private HttpResponse<String> authorise(TestConsole console, Command action, Band band, UUID bindingId, byte[] challenge,
            byte[] payload, AuthorisationReason reason, byte[] evidence) throws Exception {
        return authorise(console, action, band, bindingId, challenge, payload, reason, evidence, null);
    }

    private HttpResponse<String> authorise(TestConsole console, Command action, Band band, UUID bindingId, byte[] challenge,
            byte[] payload, AuthorisationReason reason, byte[] evidence, String approvedBy) throws Exception {
        return console.post(url, ApiPaths.ISSUER_AUTHORISATIONS, new AuthorisationRequest(action.name(),
                band.serial().value(), bindingId.toString(), b64(challenge), b64(payload), reason, "clerk li",
                evidence == null ? null : b64(evidence), approvedBy));
    }

    private void push(TestConsole console, UUID bindingId, String state, String reason) throws Exception {
        push(console, bindingId, state, reason, true);
    }

    private void push(TestConsole console, UUID bindingId, String state, String reason, boolean sign) throws Exception {
        push(console, stateChange(bindingId, state, reason, Instant.now()), sign);
    }

    private void push(TestConsole console, SyncEvent event, boolean sign) throws Exception {
        HttpResponse<String> r = console.post(url, ApiPaths.EVENTS, new EventBatch(List.of(sign ? console.signed(event)
                : event), null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("results").get(0).get("status").asText()).as(r.body()).isNotEqualTo("REJECTED");
    }

    private static SyncEvent stateChange(UUID bindingId, String state, String reason, Instant at) {
        return stateChange(bindingId, state, reason, at, "agent wang");
    }

    private static SyncEvent stateChange(UUID bindingId, String state, String reason, Instant at, String staff) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bindingId", bindingId.toString());
        payload.put("state", state);
        payload.put("reason", reason);
        payload.put("staff", staff);
        return new SyncEvent(UUID.randomUUID().toString(), "binding.state-changed", bindingId.toString(),
                at.toString(), false, payload);
    }

    private String verify(TestConsole console, PaymentCode code) throws Exception {
        HttpResponse<String> r = console.post(url, ApiPaths.ISSUER_PAYMENTS, new PaymentCheck(code.text()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("verdict").asText();
    }

    @Test
    void aBindingIsSignedSealedToItsBandAndPaysOnlyOnceActive() throws Exception {
        TestConsole shop = console("Shop A");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        BindRequest request = prepare(shop, band, binding);

        // signed by the root key in the token, which the backend publishes for bands to pin
        JsonNode root = json(shop.get(url, ApiPaths.ISSUER_ROOT));
        assertThat(root.get("softwareKeys").asBoolean()).isFalse();
        var rootKey = P256.decode(Base64.getDecoder().decode(root.get("publicKey").asText()));
        assertThat(request.credential().verify(rootKey, band.serial())).isTrue();
        assertThat(request.credential().identityReference()).isEqualTo(keys.identityReference(OWNER))
                .isNotEqualTo(OWNER);
        // the payment secret opens with the band's device key only
        byte[] secret = request.secret().open(band.device().getPrivate(), band.serial());
        assertThat(request.secret().open(band.device().getPrivate(), band.serial())).isEqualTo(secret);

        byte[] challenge = challenge();
        HttpResponse<String> bind = authorise(shop, Command.BIND, band, binding, challenge, request.payload(),
                AuthorisationReason.ENROLLMENT, null);
        assertThat(bind.statusCode()).as(bind.body()).isEqualTo(200);
        Authorisation a = Authorisation.decode(Base64.getDecoder().decode(json(bind).get("authorisation").asText()));
        assertThat(a.verify(rootKey)).isTrue();
        assertThat(a.action()).isEqualTo(Command.BIND);
        assertThat(a.challenge()).isEqualTo(challenge);
        assertThat(a.payloadHash()).isEqualTo(Crypto.sha256(request.payload()));

        long step = PaymentCode.timeStep(Instant.now());
        assertThat(verify(shop, PaymentCode.compute(secret, binding, 1, step))).isEqualTo("BINDING_NOT_ACTIVE");
        push(shop, binding, "ACTIVE", "BIND_CONFIRMED");
        assertThat(state(shop, binding)).isEqualTo("ACTIVE");
        assertThat(verify(shop, PaymentCode.compute(secret, binding, 2, step))).isEqualTo("ACCEPTED");
        assertThat(verify(shop, PaymentCode.compute(secret, binding, 2, step))).isEqualTo("REPLAYED");
        assertThat(verify(shop, PaymentCode.compute(new byte[32], binding, 3, step))).isEqualTo("FORGED");
        assertThat(verify(shop, PaymentCode.compute(secret, binding, 4, step - 10))).isEqualTo("STALE");
        assertThat(verify(shop, PaymentCode.compute(secret, UUID.randomUUID(), 5, step))).isEqualTo("UNKNOWN_BINDING");
        push(shop, binding, "SUSPENDED", "LOST");
        assertThat(verify(shop, PaymentCode.compute(secret, binding, 6, step))).isEqualTo("BINDING_NOT_ACTIVE");

        // the secret is kept sealed under the token's key: the database row alone opens nothing
        String sealed = backend.store().inTransaction(c -> {
            try (var q = c.prepareStatement("SELECT sealed_secret FROM issuer_binding WHERE binding_id = ?")) {
                q.setString(1, binding.toString());
                try (var rs = q.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        assertThat(java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(sealed)))
                .doesNotContain(java.util.HexFormat.of().formatHex(secret));
        // and no key of the issuer is in the backend's data folder: they are in the token
        assertThat(Files.exists(dir.resolve("issuer"))).isFalse();
    }

    @Test
    void oneBatchChangingABindingSeveralTimesIsAppliedInItsOrder() throws Exception {
        TestConsole shop = console("Shop A");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        byte[] secret = prepare(shop, band, binding).secret().open(band.device().getPrivate(), band.serial());
        // an offline store's queue: the bind's end, lost, found, stolen, and a late "found" that must not undo a theft;
        // all in one millisecond (a quick clerk, a coarse clock), their ids sorting the other way round (one written
        // in capitals, as another client may): the history keeps the order they came in
        String[][] changes = {{"ACTIVE", "BIND_CONFIRMED"}, {"SUSPENDED", "LOST"}, {"ACTIVE", "FOUND"},
            {"DEACTIVATED", "STOLEN"}, {"ACTIVE", "FOUND"}};
        Instant at = Instant.now();
        List<SyncEvent> batch = new java.util.ArrayList<>();
        for (int i = 0; i < changes.length; i++) {
            SyncEvent e = stateChange(binding, changes[i][0], changes[i][1], at);
            String id = new UUID(0x7fff_0000_0000_0000L - i, i + 1L).toString();
            batch.add(shop.signed(new SyncEvent(i == 2 ? id.toUpperCase(java.util.Locale.ROOT) : id, e.type(),
                    e.aggregateId(), e.occurredAt(), e.simulated(), e.payload())));
        }
        HttpResponse<String> r = shop.post(url, ApiPaths.EVENTS, new EventBatch(batch, null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        assertThat(state(shop, binding)).isEqualTo("DEACTIVATED");
        List<String> history = backend.issuer().history(binding.toString()).orElseThrow().steps().stream()
                .map(s -> s.fromState() + ">" + s.toState() + (s.applied() ? "" : " not applied")).toList();
        assertThat(history).containsExactly("PENDING>ACTIVE", "ACTIVE>SUSPENDED", "SUSPENDED>ACTIVE",
                "ACTIVE>DEACTIVATED", "DEACTIVATED>ACTIVE not applied");
        long step = PaymentCode.timeStep(Instant.now());
        assertThat(verify(shop, PaymentCode.compute(secret, binding, 1, step))).isEqualTo("BINDING_NOT_ACTIVE");
    }

    @Test
    void aBatchOfSeveralBindingsAppliesEachConsolesOwnOnlyWhateverTheirOrder() throws Exception {
        TestConsole shop = console("Shop A");
        TestConsole other = console("Shop B");
        List<UUID> mine = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID binding = UUID.randomUUID();
            prepare(shop, Band.make(), binding);
            mine.add(binding);
        }
        UUID theirs = UUID.randomUUID();
        prepare(other, Band.make(), theirs);
        UUID unknown = UUID.randomUUID();
        // pushed against the bindings' sorted order (the issuer locks them sorted), Shop B's and an unknown one among them
        mine.sort(java.util.Comparator.comparing(UUID::toString).reversed());
        Instant at = Instant.now();
        List<SyncEvent> batch = new java.util.ArrayList<>();
        int i = 0;
        for (UUID binding : mine) {
            batch.add(shop.signed(stateChange(binding, "ACTIVE", "BIND_CONFIRMED", at.plusMillis(i++))));
        }
        batch.add(shop.signed(stateChange(theirs, "ACTIVE", "BIND_CONFIRMED", at.plusMillis(i++))));
        batch.add(shop.signed(stateChange(unknown, "ACTIVE", "BIND_CONFIRMED", at.plusMillis(i++))));
        batch.add(shop.signed(stateChange(mine.get(0), "SUSPENDED", "LOST", at.plusMillis(i++))));
        HttpResponse<String> r = shop.post(url, ApiPaths.EVENTS, new EventBatch(batch, null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        assertThat(state(shop, mine.get(0))).isEqualTo("SUSPENDED");
        for (UUID binding : mine.subList(1, mine.size())) {
            assertThat(state(shop, binding)).isEqualTo("ACTIVE");
        }
        assertThat(state(other, theirs)).as("another console's binding").isEqualTo("PENDING");
        List<String> notes = backend.store().inTransaction(c -> {
            List<String> found = new java.util.ArrayList<>();
            try (var q = c.prepareStatement("SELECT binding_id, note FROM issuer_state_change WHERE NOT applied"
                    + " ORDER BY occurred_at")) {
                try (var rs = q.executeQuery()) {
                    while (rs.next()) {
                        found.add((rs.getString(1).equals(theirs.toString()) ? "theirs" : rs.getString(1)
                                .equals(unknown.toString()) ? "unknown" : "?") + ": " + rs.getString(2));
                    }
                }
            }
            return found;
        });
        assertThat(notes).containsExactly("theirs: a binding of another console", "unknown: unknown to the issuer");
    }

    @Test
    void aPushHoldsItsOwnBindingsOnlyNeverAnotherStores() throws Exception {
        TestConsole shop = console("Shop A");
        TestConsole rogue = console("Shop B");
        UUID theirs = UUID.randomUUID();
        prepare(shop, Band.make(), theirs);
        UUID own = UUID.randomUUID();
        prepare(rogue, Band.make(), own);
        // a rogue console naming another store's binding in its pushes must not hold that binding for their length
        List<String> seen = backend.store().inTransaction(c -> {
            backend.issuer().apply(c, rogue.consoleId, List.of(
                    stateChange(theirs, "SUSPENDED", "LOST", Instant.now()),
                    stateChange(own, "ACTIVE", "BIND_CONFIRMED", Instant.now())));
            List<String> locks = new java.util.ArrayList<>();
            try (var other = backend.store().dataSource().getConnection()) {
                other.setAutoCommit(false);
                for (UUID binding : List.of(theirs, own)) {
                    try (var q = other.prepareStatement("SELECT state FROM issuer_binding WHERE binding_id = ?"
                            + " FOR UPDATE NOWAIT")) {
                        q.setString(1, binding.toString());
                        try (var rs = q.executeQuery()) {
                            rs.next();
                            locks.add(rs.getString(1));
                        }
                    } catch (java.sql.SQLException held) {
                        locks.add("held: " + held.getSQLState());
                    }
                }
                other.rollback();
            }
            return locks;
        });
        assertThat(seen).containsExactly("PENDING", "held: 55P03");
        assertThat(state(shop, theirs)).isEqualTo("PENDING");
        assertThat(state(rogue, own)).isEqualTo("ACTIVE");
    }

    @Test
    void anAuthorisationIsIssuedOncePerChallengeForTheContentPreparedAndTheBandPrepared() throws Exception {
        TestConsole shop = console("Shop A");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        BindRequest request = prepare(shop, band, binding);
        byte[] challenge = challenge();
        assertThat(authorise(shop, Command.BIND, band, binding, challenge, request.payload(),
                AuthorisationReason.ENROLLMENT, null).statusCode()).isEqualTo(200);

        // replayed: the same challenge again, for the same or any command
        assertRefused(authorise(shop, Command.BIND, band, binding, challenge, request.payload(),
                AuthorisationReason.ENROLLMENT, null), 409, "CHALLENGE_USED");
        assertRefused(authorise(shop, Command.SET_TIME, band, binding, challenge, setTime(Instant.now()),
                AuthorisationReason.ENROLLMENT, null), 409, "CHALLENGE_USED");
        // a credential the issuer did not prepare (another phone key, another owner)
        BindRequest other = prepare(shop, Band.make(), UUID.randomUUID());
        assertRefused(authorise(shop, Command.BIND, band, binding, challenge(), other.payload(),
                AuthorisationReason.ENROLLMENT, null), 403, "AUTHORISATION_REFUSED");
        // an authorisation for another serial than the binding's
        Band another = Band.make();
        assertRefused(authorise(shop, Command.BIND, another, binding, challenge(), request.payload(),
                AuthorisationReason.ENROLLMENT, null), 404, "UNKNOWN_BINDING");
        assertRefused(authorise(shop, Command.RESET, band, UUID.randomUUID(), challenge(), new byte[16],
                AuthorisationReason.PHONE_MISMATCH, null), 404, "UNKNOWN_BINDING");
        // a clock only to the issuer's time, a reset only of the binding named
        assertThat(authorise(shop, Command.SET_TIME, band, binding, challenge(), setTime(Instant.now()),
                AuthorisationReason.ENROLLMENT, null).statusCode()).isEqualTo(200);
        assertRefused(authorise(shop, Command.SET_TIME, band, binding, challenge(),
                setTime(Instant.now().minus(Duration.ofDays(30))), AuthorisationReason.ENROLLMENT, null), 403,
                "AUTHORISATION_REFUSED");
        assertRefused(authorise(shop, Command.RESET, band, binding, challenge(), Uuids.bytes(UUID.randomUUID()),
                AuthorisationReason.PHONE_MISMATCH, null), 403, "AUTHORISATION_REFUSED");
        // a reason the policy does not allow for the action
        assertRefused(authorise(shop, Command.UNLINK_PHONE, band, binding, challenge(), Uuids.bytes(binding),
                AuthorisationReason.ENROLLMENT, null), 403, "AUTHORISATION_REFUSED");
        // without the staff member's name nothing is signed
        HttpResponse<String> anonymous = shop.post(url, ApiPaths.ISSUER_AUTHORISATIONS, new AuthorisationRequest(
                "SET_TIME", band.serial().value(), binding.toString(), b64(challenge()), b64(setTime(Instant.now())),
                AuthorisationReason.ENROLLMENT, " ", null, null));
        assertRefused(anonymous, 400, "MALFORMED_REQUEST");
    }

    @Test
    void aBandsPhoneIsChangedOnlyWithItsOwnersEvidence() throws Exception {
        TestConsole shop = console("Shop A");
        TestConsole rogue = console("Rogue");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        prepare(shop, band, binding);
        push(shop, binding, "ACTIVE", "BIND_CONFIRMED", false);
        byte[] unlink = Uuids.bytes(binding);
        // a thief's accomplice (any console, the owner's store included) cannot free the band for another phone
        // without the owner's card: no evidence, or someone else's, is refused
        for (TestConsole console : List.of(shop, rogue)) {
            assertRefused(authorise(console, Command.UNLINK_PHONE, band, binding, challenge(), unlink,
                    AuthorisationReason.PHONE_REPLACED, null), 403, "OWNER_NOT_VERIFIED");
            assertRefused(authorise(console, Command.UNLINK_PHONE, band, binding, challenge(), unlink,
                    AuthorisationReason.PHONE_REPLACED, Crypto.sha256(Crypto.ascii("someone else's card"))), 403,
                    "OWNER_NOT_VERIFIED");
        }
        byte[] newPhone = java.nio.ByteBuffer.allocate(16 + P256.PUBLIC_KEY_LENGTH).put(Uuids.bytes(binding))
                .put(PhoneKey.of(P256.generate().getPublic()).encoded()).array();
        assertRefused(authorise(shop, Command.LINK_PHONE, band, binding, challenge(), newPhone,
                AuthorisationReason.PHONE_REPLACED, null), 403, "OWNER_NOT_VERIFIED");
        // with the owner's evidence (their card read again at the desk)
        assertThat(authorise(shop, Command.UNLINK_PHONE, band, binding, challenge(), unlink,
                AuthorisationReason.PHONE_REPLACED, OWNER).statusCode()).isEqualTo(200);
        assertThat(authorise(shop, Command.LINK_PHONE, band, binding, challenge(), newPhone,
                AuthorisationReason.PHONE_REPLACED, OWNER).statusCode()).isEqualTo(200);
    }

    @Test
    void aRogueConsoleCannotFinishUndoOrCopyAnotherConsolesBinding() throws Exception {
        TestConsole shop = console("Shop A");
        TestConsole rogue = console("Rogue");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        BindRequest request = prepare(shop, band, binding);

        assertRefused(authorise(rogue, Command.BIND, band, binding, challenge(), request.payload(),
                AuthorisationReason.ENROLLMENT, null), 403, "AUTHORISATION_REFUSED");
        assertRefused(authorise(rogue, Command.RESET, band, binding, challenge(), Uuids.bytes(binding),
                AuthorisationReason.PHONE_MISMATCH, null), 403, "AUTHORISATION_REFUSED");
        assertRefused(prepareCall(rogue, band, binding), 409, "BINDING_OF_ANOTHER_CONSOLE");
        // the band is being bound by shop A: another console cannot start a binding of it meanwhile
        assertRefused(prepareCall(rogue, band, UUID.randomUUID()), 409, "BAND_BOUND_ELSEWHERE");

        // its events about shop A's binding are stored (they are its record) but move nothing at the issuer
        push(shop, binding, "ACTIVE", "BIND_CONFIRMED", false); // the end of a bind: the band's answer, unsigned
        push(rogue, binding, "DEACTIVATED", "CUSTOMER_REQUEST");
        assertThat(state(shop, binding)).isEqualTo("ACTIVE");
        // a lost report, then an unsigned "end of a bind" that would un-suspend it: it moves nothing
        push(shop, binding, "SUSPENDED", "LOST");
        assertThat(state(shop, binding)).isEqualTo("SUSPENDED");
        push(shop, binding, "ACTIVE", "BIND_CONFIRMED", false);
        assertThat(state(shop, binding)).isEqualTo("SUSPENDED");
        push(shop, binding, "ACTIVE", "FOUND");
        assertThat(state(shop, binding)).isEqualTo("ACTIVE");
        assertRefused(prepareCall(rogue, band, UUID.randomUUID()), 409, "BAND_BOUND_ELSEWHERE");
        // without a console certificate, nothing
        HttpResponse<String> anonymous = HttpClient.newBuilder().sslContext(trustAll()).build().send(
                HttpRequest.newBuilder(url.resolve(ApiPaths.ISSUER_ROOT)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(anonymous, 401, "CLIENT_CERTIFICATE_REQUIRED");
    }

    @Test
    void aConsoleAskingForAuthorisationsFlatOutIsSlowedDown() throws Exception {
        start(5);
        TestConsole shop = console("Shop A");
        TestConsole other = console("Shop B");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        prepare(shop, band, binding);
        for (int i = 0; i < 5; i++) {
            assertThat(authorise(shop, Command.SET_TIME, band, binding, challenge(), setTime(Instant.now()),
                    AuthorisationReason.ENROLLMENT, null).statusCode()).isEqualTo(200);
        }
        assertRefused(authorise(shop, Command.SET_TIME, band, binding, challenge(), setTime(Instant.now()),
                AuthorisationReason.ENROLLMENT, null), 429, "RATE_LIMITED");
        // per console: another store is not held up by it
        Band theirs = Band.make();
        UUID theirBinding = UUID.randomUUID();
        prepare(other, theirs, theirBinding);
        assertThat(authorise(other, Command.SET_TIME, theirs, theirBinding, challenge(), setTime(Instant.now()),
                AuthorisationReason.ENROLLMENT, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aBandReportedStolenIsRefusedInEveryStoreUntilItsOwnerOrAnAdministratorClearsItsReset() throws Exception {
        TestConsole shopA = console("Shop A");
        TestConsole shopB = console("Shop B");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        prepare(shopA, band, binding);
        push(shopA, binding, "ACTIVE", "BIND_CONFIRMED");
        push(shopA, binding, "DEACTIVATED", "STOLEN");

        // the thief takes the band to store B
        assertRefused(prepareCall(shopB, band, UUID.randomUUID()), 409, "BAND_REPORTED_STOLEN");
        // and asks for a reset: not without the owner
        assertRefused(authorise(shopB, Command.RESET, band, binding, challenge(), Uuids.bytes(binding),
                AuthorisationReason.BAND_RECOVERED, null), 403, "OWNER_NOT_VERIFIED");
        assertRefused(authorise(shopB, Command.RESET, band, binding, challenge(), Uuids.bytes(binding),
                AuthorisationReason.BAND_RECOVERED, Crypto.sha256(Crypto.ascii("the thief's own card"))), 403,
                "OWNER_NOT_VERIFIED");
        assertRefused(prepareCall(shopB, band, UUID.randomUUID()), 409, "BAND_REPORTED_STOLEN");

        // the owner, re-verified in store B, gets the band reset; then it can be sold again
        assertThat(authorise(shopB, Command.RESET, band, binding, challenge(), Uuids.bytes(binding),
                AuthorisationReason.BAND_RECOVERED, OWNER).statusCode()).isEqualTo(200);
        prepare(shopB, band, UUID.randomUUID());
    }

    @Test
    void aSignedStateChangeOutsideTheIssuersPolicyIsKeptButNotApplied() throws Exception {
        TestConsole shop = console("Shop A");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        prepare(shop, band, binding);
        push(shop, binding, "ACTIVE", "BIND_CONFIRMED");

        push(shop, binding, "ACTIVE", "FOUND"); // nothing was lost
        push(shop, binding, "SUSPENDED", "STOLEN"); // a theft deactivates
        push(shop, binding, "DEACTIVATED", "BIND_ROLLED_BACK"); // a bind's reason, for a bind long over
        push(shop, binding, "SUSPENDED", null); // no reason at all
        push(shop, stateChange(binding, "SUSPENDED", "LOST", Instant.now(), " "), true); // nobody named
        assertThat(state(shop, binding)).isEqualTo("ACTIVE");
        push(shop, binding, "SUSPENDED", "LOST");
        assertThat(state(shop, binding)).isEqualTo("SUSPENDED");

        List<Boolean> applied = new java.util.ArrayList<>();
        json(shop.get(url, ApiPaths.ISSUER_BINDINGS + "/" + binding + "/history")).get("steps")
                .forEach(step -> applied.add(step.get("applied").asBoolean()));
        assertThat(applied).containsExactly(true, false, false, false, false, false, true);
    }

    @Test
    void aBandsOwnerReportsItStolenAtAnotherStoreAndTheIssuerStopsItsPaymentsAndListsIt() throws Exception {
        TestConsole shopA = console("Shop A");
        TestConsole shopB = console("Shop B");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        byte[] secret = prepare(shopA, band, binding).secret().open(band.device().getPrivate(), band.serial());
        push(shopA, binding, "ACTIVE", "BIND_CONFIRMED");
        long step = PaymentCode.timeStep(Instant.now());
        assertThat(verify(shopA, PaymentCode.compute(secret, binding, 1, step))).isEqualTo("ACCEPTED");

        // the thief in store B, with his own card or none: refused, nothing changes and the band still pays
        assertRefused(report(shopB, band, UUID.randomUUID(), "STOLEN", Crypto.sha256(Crypto.ascii("the thief's card"))),
                403, "OWNER_NOT_VERIFIED");
        assertRefused(report(shopB, band, UUID.randomUUID(), "STOLEN", null), 400, "MALFORMED_REQUEST");
        // a lost band is suspended at the store that enrolled it, which alone can take it back into use
        assertRefused(report(shopB, band, UUID.randomUUID(), "LOST", OWNER), 400, "MALFORMED_REQUEST");
        assertRefused(report(shopB, band, UUID.randomUUID(), "FOUND", OWNER), 400, "MALFORMED_REQUEST");
        assertThat(state(shopB, binding)).isEqualTo("ACTIVE");
        assertThat(json(shopB.get(url, ApiPaths.REVOCATIONS + "?after=0")).get("entries")).isEmpty();
        assertThat(verify(shopA, PaymentCode.compute(secret, binding, 2, step))).isEqualTo("ACCEPTED");
        // the enrolling store reports through its own signed lifecycle events, not here
        assertRefused(report(shopA, band, UUID.randomUUID(), "STOLEN", OWNER), 409, "AUTHORISATION_REFUSED");
        // a rogue console guessing the owner's evidence is stopped, even once it hits the right one
        TestConsole rogue = console("Rogue");
        for (int i = 0; i < IssuerService.WRONG_OWNERS_PER_HOUR; i++) {
            assertRefused(report(rogue, band, UUID.randomUUID(), "STOLEN", Crypto.sha256(Crypto.ascii("guess " + i))),
                    403, "OWNER_NOT_VERIFIED");
        }
        assertRefused(report(rogue, band, UUID.randomUUID(), "STOLEN", OWNER), 429, "RATE_LIMITED");
        assertThat(state(shopB, binding)).isEqualTo("ACTIVE");

        // the owner, re-verified in store B
        UUID reportId = UUID.randomUUID();
        HttpResponse<String> stolen = report(shopB, band, reportId, "STOLEN", OWNER);
        assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(200);
        assertThat(json(stolen).get("bindingId").asText()).isEqualTo(binding.toString());
        assertThat(json(stolen).get("changed").asBoolean()).isTrue();
        assertThat(state(shopA, binding)).isEqualTo("DEACTIVATED");
        JsonNode listed = json(shopA.get(url, ApiPaths.REVOCATIONS + "?after=0")).get("entries");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("bindingId").asText()).isEqualTo(binding.toString());
        assertThat(listed.get(0).get("reason").asText()).isEqualTo("STOLEN");
        // sent again (its answer lost): the same answer, nothing twice; the key is never another report's
        HttpResponse<String> again = report(shopB, band, reportId, "STOLEN", OWNER);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("changed").asBoolean()).isFalse();
        assertRefused(report(shopB, Band.make(), reportId, "STOLEN", OWNER), 409, "EVENT_ID_REUSED");
        assertThat(json(shopA.get(url, ApiPaths.REVOCATIONS + "?after=0")).get("entries")).hasSize(1);
        // nothing is in force any longer: no code pays, no store binds it, the enrolling store's own later events
        // (it still thought the band lost, then found) change nothing, a later report finds nothing
        assertThat(verify(shopA, PaymentCode.compute(secret, binding, 4, step))).isEqualTo("BINDING_NOT_ACTIVE");
        assertRefused(prepareCall(shopA, band, UUID.randomUUID()), 409, "BAND_REPORTED_STOLEN");
        push(shopA, binding, "SUSPENDED", "LOST");
        push(shopA, binding, "ACTIVE", "FOUND");
        assertThat(state(shopA, binding)).isEqualTo("DEACTIVATED");
        assertRefused(report(shopB, band, UUID.randomUUID(), "STOLEN", OWNER), 404, "UNKNOWN_BINDING");
        // the binding's history names the store and the member who took the report
        JsonNode steps = json(shopA.get(url, ApiPaths.ISSUER_BINDINGS + "/" + binding + "/history")).get("steps");
        assertThat(steps.toString()).contains("Shop B").contains("agent zhou");
    }

    private HttpResponse<String> report(TestConsole console, Band band, UUID reportId, String reason, byte[] evidence)
            throws Exception {
        return console.post(url, ApiPaths.ISSUER_BANDS + "/" + band.serial().value() + "/reports",
                new com.payband.sync.api.BandReport(reportId.toString(), reason, evidence == null ? null : b64(evidence),
                        "agent zhou"));
    }

    @Test
    void aConsolesAdministratorApprovesResetsOfStolenBandsButOnlyAFewADayAndNeverTheirOwnAsk() throws Exception {
        TestConsole shop = console("Shop A");
        List<Band> bands = new ArrayList<>();
        List<UUID> bindings = new ArrayList<>();
        for (int i = 0; i <= IssuerService.CONSOLE_APPROVALS_PER_DAY; i++) {
            Band band = Band.make();
            UUID binding = UUID.randomUUID();
            prepare(shop, band, binding);
            push(shop, binding, "ACTIVE", "BIND_CONFIRMED");
            push(shop, binding, "DEACTIVATED", i % 2 == 0 ? "STOLEN" : "FRAUD");
            bands.add(band);
            bindings.add(binding);
        }
        // the clerk asking cannot approve their own reset
        assertRefused(authorise(shop, Command.RESET, bands.get(0), bindings.get(0), challenge(),
                Uuids.bytes(bindings.get(0)), AuthorisationReason.BAND_RECOVERED, null, "Clerk Li"), 400,
                "MALFORMED_REQUEST");
        for (int i = 0; i < IssuerService.CONSOLE_APPROVALS_PER_DAY; i++) {
            HttpResponse<String> r = authorise(shop, Command.RESET, bands.get(i), bindings.get(i), challenge(),
                    Uuids.bytes(bindings.get(i)), AuthorisationReason.BAND_RECOVERED, null, "admin wang");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        int last = IssuerService.CONSOLE_APPROVALS_PER_DAY;
        // a rogue console vouching for made-up administrators gets no further than that
        assertRefused(authorise(shop, Command.RESET, bands.get(last), bindings.get(last), challenge(),
                Uuids.bytes(bindings.get(last)), AuthorisationReason.BAND_RECOVERED, null, "admin zhou"), 403,
                "OWNER_NOT_VERIFIED");
        // the owner's evidence still works (and uses no approval)
        assertThat(authorise(shop, Command.RESET, bands.get(last), bindings.get(last), challenge(),
                Uuids.bytes(bindings.get(last)), AuthorisationReason.BAND_RECOVERED, OWNER, "admin zhou").statusCode())
                .isEqualTo(200);
    }

    @Test
    void anAdministratorApprovesOneResetOfAStolenBandWhoseOwnerCannotCome() throws Exception {
        TestConsole shop = console("Shop A");
        Band band = Band.make();
        UUID binding = UUID.randomUUID();
        prepare(shop, band, binding);
        push(shop, binding, "ACTIVE", "BIND_CONFIRMED");
        push(shop, binding, "DEACTIVATED", "FRAUD");
        assertRefused(authorise(shop, Command.RESET, band, binding, challenge(), Uuids.bytes(binding),
                AuthorisationReason.BAND_RECOVERED, null), 403, "OWNER_NOT_VERIFIED");

        // approval is on the administration port (loopback, token) only
        HttpResponse<String> fromConsole = shop.post(url, ApiPaths.ADMIN_RESET_APPROVALS,
                new ResetApproval(binding.toString(), "me", null));
        assertThat(fromConsole.statusCode()).isEqualTo(404);
        HttpResponse<String> approved = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + backend.server().adminPort() + ApiPaths.ADMIN_RESET_APPROVALS))
                .header(ApiPaths.ADMIN_TOKEN_HEADER, "token").POST(HttpRequest.BodyPublishers.ofString(
                        TestConsole.JSON.writeValueAsString(new ResetApproval(binding.toString(), "risk officer zhao",
                                "owner abroad; police report 2026-118"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        assertThat(authorise(shop, Command.RESET, band, binding, challenge(), Uuids.bytes(binding),
                AuthorisationReason.BAND_RECOVERED, null).statusCode()).isEqualTo(200);
        // once
        assertRefused(authorise(shop, Command.RESET, band, binding, challenge(), Uuids.bytes(binding),
                AuthorisationReason.BAND_RECOVERED, null), 403, "OWNER_NOT_VERIFIED");
    }

    @Test
    void everyStolenBandGoesOnOneChainedListWhoseHeadTheIssuerSigns() throws Exception {
        TestConsole shopA = console("Shop A");
        TestConsole shopB = console("Shop B");
        List<UUID> stolen = new ArrayList<>();
        // two stores report at once: the list has no gap and no fork
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (TestConsole shop : List.of(shopA, shopB)) {
            List<UUID> mine = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                UUID binding = UUID.randomUUID();
                prepare(shop, Band.make(), binding);
                push(shop, binding, "ACTIVE", "BIND_CONFIRMED");
                mine.add(binding);
            }
            stolen.addAll(mine);
            threads.add(new Thread(() -> {
                try {
                    for (UUID b : mine) {
                        push(shop, b, "DEACTIVATED", "STOLEN");
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        // a lost band is suspended, not revoked
        UUID lost = UUID.randomUUID();
        prepare(shopA, Band.make(), lost);
        push(shopA, lost, "ACTIVE", "BIND_CONFIRMED");
        push(shopA, lost, "SUSPENDED", "LOST");
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();

        var rootKey = P256.decode(keys.rootPublicKey());
        JsonNode all = json(shopB.get(url, ApiPaths.REVOCATIONS + "?after=0"));
        assertThat(all.get("more").asBoolean()).isFalse();
        JsonNode head = all.get("head");
        assertThat(head.get("seq").asLong()).isEqualTo(12);
        String hash = com.payband.sync.api.RevocationEntry.GENESIS;
        List<String> listed = new ArrayList<>();
        long seq = 0;
        for (JsonNode n : all.get("entries")) {
            var e = TestConsole.JSON.treeToValue(n, com.payband.sync.api.RevocationEntry.class);
            assertThat(e.seq()).isEqualTo(++seq);
            assertThat(e.hash()).isEqualTo(e.expectedHash(hash));
            hash = e.hash();
            listed.add(e.bindingId());
        }
        assertThat(hash).isEqualTo(head.get("hash").asText());
        assertThat(listed).containsExactlyInAnyOrderElementsOf(stolen.stream().map(UUID::toString).toList());
        assertThat(P256.verify(rootKey, com.payband.sync.api.RevocationHead.toBeSigned(12, hash,
                head.get("signedAt").asText()), Base64.getDecoder().decode(head.get("signature").asText()))).isTrue();
        // a head altered in transit does not verify
        assertThat(P256.verify(rootKey, com.payband.sync.api.RevocationHead.toBeSigned(11, hash,
                head.get("signedAt").asText()), Base64.getDecoder().decode(head.get("signature").asText()))).isFalse();

        // paged from a cursor
        JsonNode page = json(shopA.get(url, ApiPaths.REVOCATIONS + "?after=5&limit=4"));
        assertThat(page.get("entries")).hasSize(4);
        assertThat(page.get("entries").get(0).get("seq").asLong()).isEqualTo(6);
        assertThat(page.get("more").asBoolean()).isTrue();
        assertRefused(shopA.get(url, ApiPaths.REVOCATIONS + "?after=x"), 400, "MALFORMED_REQUEST");
        // the same report again (a duplicate push from another id) adds nothing
        push(shopA, stolen.get(0), "DEACTIVATED", "STOLEN");
        assertThat(json(shopA.get(url, ApiPaths.REVOCATIONS + "?after=12")).get("entries")).isEmpty();
    }

    @Test
    void twoStoresBindingTheSameBandThroughTwoBackendInstancesOnOneDatabaseExactlyOneWins() throws Exception {
        // a second instance in front of the same PostgreSQL (and the same CA folder), as behind a load balancer
        String db = Postgres.shared().createDatabase("issuer_race_" + DATABASES.incrementAndGet());
        try (Backend one = Backend.start(BackendStore.open(dir, db, Postgres.shared().user(), null), dir.resolve("ca"),
                keys, new Backend.Settings("127.0.0.1", 0, "token", List.of(), true, 600));
                Backend two = Backend.start(BackendStore.open(dir, db, Postgres.shared().user(), null),
                        dir.resolve("ca"), keys, new Backend.Settings("127.0.0.1", 0, "token", List.of(), true, 600))) {
            TestConsole storeA = TestConsole.register(one.server().url(),
                    one.registry().createCode(Duration.ofHours(1)).toString(), "Store A");
            TestConsole storeB = TestConsole.register(two.server().url(),
                    two.registry().createCode(Duration.ofHours(1)).toString(), "Store B");
            for (int round = 0; round < 15; round++) {
                Band band = Band.make();
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
                try {
                    var a = pool.submit(() -> {
                        start.await();
                        return prepareAt(one.server().url(), storeA, band, UUID.randomUUID());
                    });
                    var b = pool.submit(() -> {
                        start.await();
                        return prepareAt(two.server().url(), storeB, band, UUID.randomUUID());
                    });
                    List<HttpResponse<String>> answers = List.of(a.get(), b.get());
                    assertThat(answers).as("round " + round).filteredOn(r -> r.statusCode() == 200).hasSize(1);
                    HttpResponse<String> lost = answers.stream().filter(r -> r.statusCode() != 200).findFirst()
                            .orElseThrow();
                    assertRefused(lost, 409, "BAND_BOUND_ELSEWHERE");
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    private HttpResponse<String> prepareAt(URI backendUrl, TestConsole console, Band band, UUID bindingId)
            throws Exception {
        return console.post(backendUrl, ApiPaths.ISSUER_BINDINGS, new BindingPreparation(bindingId.toString(),
                band.serial().value(), b64(P256.encode(band.device().getPublic())), b64(OWNER),
                b64(PhoneKey.of(P256.generate().getPublic()).encoded()), "clerk", false));
    }

    @Test
    void aProductionBackendBindsNoSimulatedBand() throws Exception {
        String db = Postgres.shared().createDatabase("issuer_production_" + DATABASES.incrementAndGet());
        try (Backend production = Backend.start(BackendStore.open(dir, db, Postgres.shared().user(), null),
                dir.resolve("ca"), keys, new Backend.Settings("127.0.0.1", 0, "token", List.of(), false, 60))) {
            TestConsole shop = TestConsole.register(production.server().url(),
                    production.registry().createCode(Duration.ofHours(1)).toString(), "Shop");
            Band band = Band.make();
            HttpResponse<String> simulated = shop.post(production.server().url(), ApiPaths.ISSUER_BINDINGS,
                    new BindingPreparation(UUID.randomUUID().toString(), band.serial().value(),
                            b64(P256.encode(band.device().getPublic())), b64(OWNER),
                            b64(PhoneKey.of(P256.generate().getPublic()).encoded()), "clerk", true));
            assertRefused(simulated, 403, "SIMULATED_NOT_ACCEPTED");
            assertThat(prepareAt(production.server().url(), shop, band, UUID.randomUUID()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theTokensKeysStayInTheTokenAndSurviveARestart() throws Exception {
        IssuerKeys again = IssuerKeys.pkcs11(SoftHsm.shared().config(), SoftHsm.PIN.toCharArray());
        assertThat(again.rootPublicKey()).isEqualTo(keys.rootPublicKey());
        UUID context = UUID.randomUUID();
        byte[] sealed = keys.seal(new byte[] {1, 2, 3}, Uuids.bytes(context));
        assertThat(again.open(sealed, Uuids.bytes(context))).containsExactly(1, 2, 3);
        // bound to its binding: a sealed secret copied to another row does not open
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> again.open(sealed, Uuids.bytes(UUID.randomUUID())))
                .isInstanceOf(java.security.GeneralSecurityException.class);
        var ks = java.security.KeyStore.getInstance("PKCS11",
                java.security.Security.getProvider("SunPKCS11").configure(SoftHsm.shared().config().toString()));
        ks.load(null, SoftHsm.PIN.toCharArray());
        assertThat(ks.getKey(IssuerKeys.ROOT, null).getEncoded()).isNull();
        assertThat(ks.getKey(IssuerKeys.SECRETS, null).getEncoded()).isNull();
        // (a wrong PIN: BackendCommandTest, in a process of its own; a token logged in once stays so in a JVM)
    }

    private String state(TestConsole console, UUID binding) throws Exception {
        HttpResponse<String> r = console.get(url, ApiPaths.ISSUER_BINDINGS + "/" + binding);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("state").asText();
    }

    private static void assertRefused(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("error").asText()).isEqualTo(error);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return TestConsole.JSON.readTree(r.body());
    }

    private static byte[] challenge() {
        byte[] c = new byte[Authorisation.CHALLENGE_LENGTH];
        RANDOM.nextBytes(c);
        return c;
    }

    private static byte[] setTime(Instant at) {
        return new Wire.Writer().u32(at.getEpochSecond()).toBytes();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static javax.net.ssl.SSLContext trustAll() throws Exception {
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return ssl;
    }
}
