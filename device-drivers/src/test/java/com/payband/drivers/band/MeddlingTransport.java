package com.payband.drivers.band;

import com.payband.drivers.band.ble.Advertisement;
import com.payband.drivers.band.ble.BleConnection;
import com.payband.drivers.band.ble.BleException;
import com.payband.drivers.band.ble.BleTransport;
import com.payband.drivers.band.ble.GattService;
import com.payband.band.protocol.Fragments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A man in the middle on the radio link, for the protocol's refusal tests: it records what the band
 * said, and can replay an old answer, replay an old request, or flip a bit of the next request.
 */
final class MeddlingTransport implements BleTransport {

    enum Meddling { NONE, REPLAY_RECORDED_HELLO_REPLY, REPLAY_PREVIOUS_REQUEST, FLIP_BIT_OF_NEXT_REQUEST }

    private final BleTransport inner;
    private volatile Meddling meddling = Meddling.NONE;
    /** The fragments of the first answer of the last connection (its HELLO reply). */
    private volatile List<byte[]> recordedHelloReply = List.of();

    MeddlingTransport(BleTransport inner) {
        this.inner = inner;
    }

    void meddle(Meddling how) {
        meddling = how;
    }

    @Override
    public Scan scan(Consumer<Advertisement> listener) throws BleException {
        return inner.scan(listener);
    }

    @Override
    public BleConnection connect(String address, Duration timeout) throws BleException {
        return new Middle(inner.connect(address, timeout));
    }

    @Override
    public void close() {
        inner.close();
    }

    private final class Middle implements BleConnection {
        private final BleConnection link;
        private Consumer<byte[]> listener;
        private final List<byte[]> firstAnswer = new ArrayList<>();
        private final Fragments.Assembly answers = new Fragments.Assembly();
        private boolean firstAnswerDone;
        private final List<byte[]> currentRequest = new ArrayList<>();
        private List<byte[]> previousRequest = List.of();
        private int requests;

        Middle(BleConnection link) {
            this.link = link;
        }

        @Override
        public void write(UUID service, UUID characteristic, byte[] value, Duration timeout) throws BleException {
            boolean first = (value[0] & 0x80) != 0;
            boolean last = (value[0] & 0x40) != 0;
            if (first) {
                currentRequest.clear();
                requests++;
            }
            currentRequest.add(value.clone());
            if (!last) {
                if (meddling != Meddling.REPLAY_PREVIOUS_REQUEST || requests < 3) {
                    link.write(service, characteristic, value, timeout);
                }
                return;
            }
            if (meddling == Meddling.REPLAY_RECORDED_HELLO_REPLY && requests == 1) {
                // answer the HELLO ourselves, with the band's answer to somebody else's HELLO
                for (byte[] f : recordedHelloReply) {
                    listener.accept(f);
                }
                return;
            }
            if (meddling == Meddling.REPLAY_PREVIOUS_REQUEST && requests >= 3) {
                for (byte[] f : previousRequest) {
                    link.write(service, characteristic, f, timeout);
                }
                return;
            }
            byte[] toSend = value;
            if (meddling == Meddling.FLIP_BIT_OF_NEXT_REQUEST && requests >= 2) {
                toSend = value.clone();
                toSend[toSend.length - 1] ^= 0x01;
                meddling = Meddling.NONE;
            }
            link.write(service, characteristic, toSend, timeout);
            previousRequest = List.copyOf(currentRequest);
        }

        @Override
        public void subscribe(UUID service, UUID characteristic, Consumer<byte[]> l, Duration timeout) throws BleException {
            this.listener = l;
            link.subscribe(service, characteristic, fragment -> {
                if (!firstAnswerDone) {
                    firstAnswer.add(fragment.clone());
                    try {
                        if (answers.accept(fragment) != null) {
                            firstAnswerDone = true;
                            if (meddling != Meddling.REPLAY_RECORDED_HELLO_REPLY) {
                                recordedHelloReply = List.copyOf(firstAnswer);
                            }
                        }
                    } catch (com.payband.band.protocol.ProtocolException e) {
                        firstAnswerDone = true;
                    }
                }
                l.accept(fragment);
            }, timeout);
        }

        @Override
        public String address() {
            return link.address();
        }

        @Override
        public int mtu() {
            return link.mtu();
        }

        @Override
        public int requestMtu(int mtu, Duration timeout) throws BleException {
            return link.requestMtu(mtu, timeout);
        }

        @Override
        public List<GattService> discoverServices(Duration timeout) throws BleException {
            return link.discoverServices(timeout);
        }

        @Override
        public byte[] read(UUID service, UUID characteristic, Duration timeout) throws BleException {
            return link.read(service, characteristic, timeout);
        }

        @Override
        public void onLinkLost(Runnable l) {
            link.onLinkLost(l);
        }

        @Override
        public int rssi() {
            return link.rssi();
        }

        @Override
        public boolean connected() {
            return link.connected();
        }

        @Override
        public void close() {
            link.close();
        }
    }
}
