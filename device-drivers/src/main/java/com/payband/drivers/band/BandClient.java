package com.payband.drivers.band;

import com.payband.drivers.band.ble.BleConnection;
import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.drivers.band.ble.GattUuids;
import com.payband.band.protocol.Authorisation;
import com.payband.band.protocol.BandInfo;
import com.payband.band.protocol.BindAcknowledgement;
import com.payband.band.protocol.BindRequest;
import com.payband.band.protocol.Command;
import com.payband.band.protocol.Crypto;
import com.payband.band.protocol.DeviceCertificates;
import com.payband.band.protocol.Hello;
import com.payband.band.protocol.P256;
import com.payband.band.protocol.PaymentCode;
import com.payband.band.protocol.PhoneKey;
import com.payband.band.protocol.ProtocolException;
import com.payband.band.protocol.Session;
import com.payband.band.protocol.Status;
import com.payband.band.protocol.Uuids;
import com.payband.band.protocol.Wire;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The console's side of the band protocol over any {@link BleTransport}. {@link #open} connects, checks
 * the band's attestation before anything else and sets up the encrypted session; the methods then send
 * one command each. Not thread-safe: one caller drives one band.
 */
public final class BandClient implements AutoCloseable {

    /** The MTU asked for: the largest BLE 4.2+ allows in one ATT packet with data length extension. */
    public static final int PREFERRED_MTU = 247;

    private final BleConnection connection;
    private final BandLink link;
    private final Session session;
    private final AttestedBand band;
    private final Duration timeout;

    private BandClient(BleConnection connection, BandLink link, Session session, AttestedBand band, Duration timeout) {
        this.connection = connection;
        this.link = link;
        this.session = session;
        this.band = band;
        this.timeout = timeout;
    }

    /**
     * Connects to the band at {@code address}, verifies that a trusted manufacturer made it and that it
     * holds its device key now (fresh nonce), and opens the session.
     *
     * @throws BandException {@link BandException.Kind#COUNTERFEIT} when attestation fails
     */
    public static BandClient open(BleTransport transport, String address, DeviceCertificates manufacturers, Clock clock,
            Duration timeout) throws BandException {
        BleConnection connection;
        try {
            connection = transport.connect(address, timeout);
        } catch (BleException e) {
            throw translate(e, "connect");
        }
        try {
            connection.requestMtu(PREFERRED_MTU, timeout);
            connection.discoverServices(timeout);
            String serialText = readString(connection, GattUuids.SERIAL_NUMBER, timeout);
            String model = readString(connection, GattUuids.MODEL_NUMBER, timeout);
            String firmware = readString(connection, GattUuids.FIRMWARE_REVISION, timeout);
            String hardware = readString(connection, GattUuids.HARDWARE_REVISION, timeout);
            BandLink link = BandLink.open(connection, timeout);

            KeyPair ephemeral = P256.generate();
            byte[] nonce = new byte[Hello.NONCE_LENGTH];
            new SecureRandom().nextBytes(nonce);
            byte[] request = new Hello.Request(P256.encode(ephemeral.getPublic()), nonce).encode();
            byte[] replyBytes = link.exchange(request, timeout, "HELLO");
            Hello.Reply reply = Hello.Reply.decode(replyBytes);
            if (!reply.serial().value().equals(serialText)) {
                throw new BandException(BandException.Kind.COUNTERFEIT, "serial in HELLO differs from Device Information");
            }
            PublicKey deviceKey;
            try {
                deviceKey = manufacturers.verify(reply.chain(), reply.serial(), clock.instant());
            } catch (ProtocolException e) {
                throw new BandException(BandException.Kind.COUNTERFEIT, e.getMessage(), e);
            }
            byte[] signed = Hello.attestationInput(reply.serial(), nonce, P256.encode(ephemeral.getPublic()),
                    reply.bandEphemeral());
            if (!P256.verify(deviceKey, signed, reply.signature())) {
                throw new BandException(BandException.Kind.COUNTERFEIT, "attestation signature does not verify");
            }
            Session session = Session.derive(Session.Role.CONSOLE, ephemeral.getPrivate(), P256.decode(reply.bandEphemeral()),
                    request, replyBytes);
            AttestedBand band = new AttestedBand(reply.serial(), P256.encode(deviceKey), address, model, firmware, hardware);
            return new BandClient(connection, link, session, band, timeout);
        } catch (BandException e) {
            connection.close();
            throw e;
        } catch (BleException e) {
            connection.close();
            throw translate(e, "open");
        } catch (ProtocolException e) {
            connection.close();
            throw new BandException(BandException.Kind.PROTOCOL, e.getMessage(), e);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public AttestedBand band() {
        return band;
    }

    public BandInfo info() throws BandException {
        try {
            return BandInfo.decode(command(Command.GET_INFO, new byte[0]));
        } catch (ProtocolException e) {
            throw new BandException(BandException.Kind.PROTOCOL, e.getMessage(), e);
        }
    }

    /** A fresh single-use challenge, for the issuer to sign the next state change against. */
    public byte[] challenge() throws BandException {
        byte[] c = command(Command.GET_CHALLENGE, new byte[0]);
        if (c.length != Authorisation.CHALLENGE_LENGTH) {
            throw new BandException(BandException.Kind.PROTOCOL, "challenge of the wrong length");
        }
        return c;
    }

    public BindAcknowledgement bind(Authorisation authorisation, BindRequest request) throws BandException {
        try {
            return BindAcknowledgement.decode(command(Command.BIND, Authorisation.requestBody(authorisation, request.payload())));
        } catch (ProtocolException e) {
            throw new BandException(BandException.Kind.PROTOCOL, e.getMessage(), e);
        }
    }

    /**
     * Back to factory state (the band drops the link and draws a new address).
     *
     * @param bindingId the binding the band holds, {@link Uuids#NONE} for a factory band; the issuer signs it
     */
    public void reset(Authorisation authorisation, UUID bindingId) throws BandException {
        command(Command.RESET, Authorisation.requestBody(authorisation, bindingPayload(bindingId)));
    }

    /** Frees the band's phone slot; the issuer signed it for this binding. */
    public void unlinkPhone(Authorisation authorisation, UUID bindingId) throws BandException {
        command(Command.UNLINK_PHONE, Authorisation.requestBody(authorisation, bindingPayload(bindingId)));
    }

    /** Links the owner's (new) phone into the empty slot of this binding; issuer-signed. */
    public void linkPhone(Authorisation authorisation, UUID bindingId, PhoneKey phone) throws BandException {
        command(Command.LINK_PHONE, Authorisation.requestBody(authorisation, linkPhonePayload(bindingId, phone)));
    }

    /** What RESET and UNLINK_PHONE carry, and the issuer signs: the binding id. */
    public static byte[] bindingPayload(UUID bindingId) {
        return Uuids.bytes(bindingId);
    }

    /** What LINK_PHONE carries, and the issuer signs: binding id · phone key. */
    public static byte[] linkPhonePayload(UUID bindingId, PhoneKey phone) {
        return Crypto.concat(Uuids.bytes(bindingId), phone.encoded());
    }

    public void setTime(Authorisation authorisation, Instant time) throws BandException {
        command(Command.SET_TIME, Authorisation.requestBody(authorisation, setTimePayload(time)));
    }

    public static byte[] setTimePayload(Instant time) {
        return new Wire.Writer().u32(time.getEpochSecond()).toBytes();
    }

    public PaymentCode paymentCode() throws BandException {
        try {
            return PaymentCode.decode(command(Command.PAYMENT_CODE, new byte[0]));
        } catch (ProtocolException e) {
            throw new BandException(BandException.Kind.PROTOCOL, e.getMessage(), e);
        }
    }

    /** Self-test result bits; 0 is all good. */
    public int selfTest() throws BandException {
        byte[] r = command(Command.SELF_TEST, new byte[0]);
        if (r.length != 2) {
            throw new BandException(BandException.Kind.PROTOCOL, "self-test result of the wrong length");
        }
        return (r[0] & 0xFF) | ((r[1] & 0xFF) << 8);
    }

    public record LogEntry(Instant at, int code) {
    }

    public List<LogEntry> errorLog() throws BandException {
        try {
            Wire.Reader r = new Wire.Reader(command(Command.ERROR_LOG, new byte[0]));
            int n = r.u8();
            List<LogEntry> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                entries.add(new LogEntry(Instant.ofEpochSecond(r.u32()), r.u16()));
            }
            r.end();
            return entries;
        } catch (ProtocolException e) {
            throw new BandException(BandException.Kind.PROTOCOL, e.getMessage(), e);
        }
    }

    // ---- what a phone app sends (the console never does; the simulator's phones do)

    /**
     * A phone asks whether it is the band's phone. It never links anything: OK for the linked phone,
     * {@code NOT_BOUND} on a factory-new band, {@code PHONE_SLOT_TAKEN} when another phone is linked,
     * {@code UNAUTHORISED} when the slot is empty (only the issuer fills it).
     */
    public void pairPhone(PhoneKey phone) throws BandException {
        command(Command.PAIR_PHONE, phone.encoded());
    }

    /**
     * The linked phone unlocks a worn band for this session (after {@link #challenge()}); the band then
     * gives payment codes in this session until it is taken off.
     *
     * @param signature by the phone over {@link com.payband.band.protocol.PhoneProof} for UNLOCK
     */
    public void unlock(byte[] signature) throws BandException {
        command(Command.UNLOCK, signature);
    }

    /** The linked phone gives up the link (after {@link #challenge()}); signed as for UNLOCK, purpose RELEASE. */
    public void releasePhone(byte[] signature) throws BandException {
        command(Command.RELEASE_PHONE, signature);
    }

    /** This session's id, which a phone's signature covers. */
    public byte[] sessionId() {
        return session.id();
    }

    /** The Status characteristic as the band shows it to anyone, in clear (state, flags, battery, clock). */
    public byte[] statusCharacteristic() throws BandException {
        try {
            return connection.read(com.payband.band.protocol.BandUuids.SERVICE,
                    com.payband.band.protocol.BandUuids.STATUS, timeout);
        } catch (BleException e) {
            throw translate(e, "status");
        }
    }

    /** Signal strength of the link, dBm. */
    public int rssi() {
        return connection.rssi();
    }

    /** Sends one command in the session; a status other than OK is a {@link BandException.Kind#REFUSED}. */
    byte[] command(Command command, byte[] body) throws BandException {
        try {
            byte[] plaintext = new Wire.Writer().u8(command.code()).bytes(body).toBytes();
            byte[] answer = link.exchange(session.seal(plaintext), timeout, command.name());
            if (answer.length == 2 && (answer[0] & 0xFF) == 0x7F) {
                // the band said in clear that it dropped the session (it saw a replayed or altered record)
                throw new BandException(BandException.Kind.PROTOCOL, Status.of(answer[1] & 0xFF),
                        "the band ended the session", null);
            }
            byte[] response = session.open(answer);
            if (response.length == 0) {
                throw new BandException(BandException.Kind.PROTOCOL, "empty response to " + command);
            }
            Status status = Status.of(response[0] & 0xFF);
            if (status != Status.OK) {
                throw BandException.refused(status, command.name());
            }
            byte[] out = new byte[response.length - 1];
            System.arraycopy(response, 1, out, 0, out.length);
            return out;
        } catch (ProtocolException e) {
            throw new BandException(BandException.Kind.PROTOCOL, e.getMessage(), e);
        }
    }

    static BandException translate(BleException e, String what) {
        BandException.Kind kind = switch (e.kind()) {
            case ADAPTER_UNAVAILABLE -> BandException.Kind.RADIO_UNAVAILABLE;
            case NOT_FOUND -> BandException.Kind.NOT_FOUND;
            case TIMEOUT -> BandException.Kind.TIMEOUT;
            case LINK_LOST, NOT_CONNECTED -> BandException.Kind.LINK_LOST;
            case GATT_ERROR -> BandException.Kind.PROTOCOL;
        };
        return new BandException(kind, what, e);
    }

    private static String readString(BleConnection connection, java.util.UUID characteristic, Duration timeout)
            throws BleException {
        return new String(connection.read(GattUuids.DEVICE_INFORMATION, characteristic, timeout), StandardCharsets.UTF_8);
    }

    public boolean connected() {
        return connection.connected() && !link.lost() && !session.broken();
    }

    @Override
    public void close() {
        connection.close();
    }
}
