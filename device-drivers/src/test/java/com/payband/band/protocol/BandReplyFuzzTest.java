package com.payband.band.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.payband.drivers.band.BandAdvertisement;
import com.payband.drivers.band.ble.Advertisement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a band (or anything that answers like one) sends, fuzzed, each through the decoder the console
 * uses for it (the first byte picks which): advertisements, HELLO, GET_INFO, BIND acknowledgements, payment
 * codes, status codes, and the band-side decoders of what a console sends (requests, authorisations,
 * credentials, sealed secrets, device certificates). Every decoder answers or throws ProtocolException.
 */
class BandReplyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void replies(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        try {
            switch ((input[0] & 0xFF) % 12) {
                case 0 -> {
                    Optional<BandAdvertisement> ad = BandAdvertisement.of(new Advertisement("AA:BB:CC:DD:EE:FF",
                            Optional.empty(), -60, Map.of(BandUuids.COMPANY_ID, body), Instant.EPOCH));
                    ad.ifPresent(a -> assertThat(a.serial()).isNotNull());
                }
                case 1 -> assertThat(Hello.Reply.decode(body).chain()).isNotNull();
                case 2 -> assertThat(Hello.Request.decode(body).nonce()).hasSize(Hello.NONCE_LENGTH);
                case 3 -> assertThat(BandInfo.decode(body)).isNotNull();
                case 4 -> assertThat(BindAcknowledgement.decode(body)).isNotNull();
                case 5 -> assertThat(PaymentCode.decode(body)).isNotNull();
                case 6 -> assertThat(Status.of(body.length == 0 ? 0 : body[0] & 0xFF)).isNotNull();
                case 7 -> assertThat(Authorisation.decode(body)).isNotNull();
                case 8 -> assertThat(BindRequest.decode(body)).isNotNull();
                case 9 -> assertThat(Credential.read(new Wire.Reader(body))).isNotNull();
                case 10 -> assertThat(SealedSecret.read(new Wire.Reader(body))).isNotNull();
                default -> assertThat(DeviceCertificates.parse(body)).isNotNull();
            }
        } catch (ProtocolException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
