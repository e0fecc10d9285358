package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    /** Byte sequences as published implementations send them (hev-idcard-reader, the vendors' manuals). */
    @Test
    void encodesTheProtocolsWellKnownCommandFrames() {
        assertThat(HEX.formatHex(SamCommand.SAM_STATUS.frame())).isEqualTo("AA AA AA 96 69 00 03 11 FF ED");
        assertThat(HEX.formatHex(SamCommand.FIND_CARD.frame())).isEqualTo("AA AA AA 96 69 00 03 20 01 22");
        assertThat(HEX.formatHex(SamCommand.SELECT_CARD.frame())).isEqualTo("AA AA AA 96 69 00 03 20 02 21");
        assertThat(HEX.formatHex(SamCommand.READ_TEXT_AND_PHOTO.frame())).isEqualTo("AA AA AA 96 69 00 03 30 01 32");
        assertThat(HEX.formatHex(new SamRequest((byte) 0x61, (byte) 0xFF, new byte[] {0x50}).toFrame()))
                .isEqualTo("AA AA AA 96 69 00 04 61 FF 50 CA");
    }

    @Test
    void decodesTheReadersAnswersToFindAndSelect() {
        FrameDecoder d = new FrameDecoder();
        d.feed(HEX.parseHex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"));
        SamResponse found = SamResponse.fromPayload(complete(d.next()));
        assertThat(found.status()).isEqualTo(SamStatus.CARD_FOUND);
        assertThat(found.data()).hasSize(4);
        d.feed(HEX.parseHex("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C"));
        SamResponse selected = SamResponse.fromPayload(complete(d.next()));
        assertThat(selected.status()).isEqualTo(SamStatus.OK);
        assertThat(selected.data()).hasSize(8);
        assertThat(d.next()).isInstanceOf(FrameDecoder.Result.NeedMore.class);
    }

    @Test
    void aFullReadAnswerIs1295BytesOnTheWire() {
        byte[] frame = SamResponse.of(SamStatus.OK, new CardData(new byte[256], new byte[1024]).encode()).toFrame();
        assertThat(frame).hasSize(1295);
        assertThat(HEX.formatHex(frame, 0, 14)).isEqualTo("AA AA AA 96 69 05 08 00 00 90 01 00 04 00");
    }

    @Test
    void assemblesAFrameFedOneByteAtATime() {
        byte[] frame = SamResponse.of(SamStatus.OK, new byte[] {1, 2, 3}).toFrame();
        FrameDecoder d = new FrameDecoder();
        for (int i = 0; i < frame.length - 1; i++) {
            d.feed(new byte[] {frame[i]});
            assertThat(d.next()).isInstanceOf(FrameDecoder.Result.NeedMore.class);
        }
        assertThat(d.expectedFrameBytes()).isEqualTo(frame.length);
        d.feed(new byte[] {frame[frame.length - 1]});
        assertThat(SamResponse.fromPayload(complete(d.next())).data()).containsExactly(1, 2, 3);
    }

    @Test
    void resynchronisesOnThePreambleAfterGarbage() {
        byte[] frame = SamResponse.of(SamStatus.OK).toFrame();
        FrameDecoder d = new FrameDecoder();
        d.feed(HEX.parseHex("00 13 AA 96 69 AA AA 55"));
        d.feed(frame);
        assertThat(SamResponse.fromPayload(complete(d.next())).status()).isEqualTo(SamStatus.OK);
        assertThat(d.discardedBytes()).isEqualTo(8);
    }

    @Test
    void findsAPreambleThatStartsInsideARunOfAa() {
        FrameDecoder d = new FrameDecoder();
        d.feed(HEX.parseHex("AA AA"));
        d.feed(SamResponse.of(SamStatus.NO_CARD).toFrame());
        assertThat(SamResponse.fromPayload(complete(d.next())).status()).isEqualTo(SamStatus.NO_CARD);
        assertThat(d.discardedBytes()).isEqualTo(2);
    }

    @Test
    void refusesABadChecksumAndFindsTheNextFrame() {
        byte[] bad = SamResponse.of(SamStatus.OK, new byte[] {9, 9}).toFrame();
        bad[bad.length - 1] ^= 0x40;
        FrameDecoder d = new FrameDecoder();
        d.feed(bad);
        d.feed(SamResponse.of(SamStatus.CARD_FOUND, new byte[4]).toFrame());
        assertThat(d.next()).isEqualTo(new FrameDecoder.Result.Rejected(FrameDecoder.Rejection.BAD_CHECKSUM));
        assertThat(SamResponse.fromPayload(complete(d.next())).status()).isEqualTo(SamStatus.CARD_FOUND);
    }

    @Test
    void refusesLengthsOutsideTheLimitsWithoutWaitingForTheirBytes() {
        FrameDecoder d = new FrameDecoder();
        d.feed(HEX.parseHex("AA AA AA 96 69 FF FF 00 00"));
        d.feed(SamResponse.of(SamStatus.OK).toFrame());
        assertThat(d.next()).isEqualTo(new FrameDecoder.Result.Rejected(FrameDecoder.Rejection.BAD_LENGTH));
        assertThat(SamResponse.fromPayload(complete(d.next())).status()).isEqualTo(SamStatus.OK);

        FrameDecoder tooShort = new FrameDecoder();
        tooShort.feed(HEX.parseHex("AA AA AA 96 69 00 02 11 13"));
        assertThat(tooShort.next()).isEqualTo(new FrameDecoder.Result.Rejected(FrameDecoder.Rejection.BAD_LENGTH));
        assertThat(Frames.MAX_LENGTH).isGreaterThanOrEqualTo(3 + 6 + 256 + 1024 + 1024 + 1);
    }

    @Test
    void aTruncatedFrameStaysIncompleteAndIsSeenAsInAFrame() {
        byte[] frame = SamResponse.of(SamStatus.OK, new byte[100]).toFrame();
        FrameDecoder d = new FrameDecoder();
        d.feed(frame, 0, 50);
        assertThat(d.next()).isInstanceOf(FrameDecoder.Result.NeedMore.class);
        assertThat(d.inFrame()).isTrue();
        assertThat(d.pendingBytes()).isEqualTo(50);
        assertThat(d.expectedFrameBytes()).isEqualTo(frame.length);
    }

    @Test
    void encodingRefusesPayloadsThatDoNotFit() {
        assertThatThrownBy(() -> Frames.encode(new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.encode(new byte[Frames.MAX_LENGTH])).isInstanceOf(IllegalArgumentException.class);
    }

    /** Whatever noise comes first (without a full preamble in it), the frames after it come out intact. */
    @Property(tries = 300)
    void framesSurviveAnyNoiseBeforeThem(@ForAll @Size(max = 64) List<Byte> noise, @ForAll @Size(max = 40) byte[] data,
            @ForAll @Size(min = 1, max = 7) List<Integer> cuts) {
        byte[] junk = new byte[noise.size()];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = noise.get(i) == (byte) 0x96 ? 0 : noise.get(i); // no full preamble can form without 0x96
        }
        byte[] frame = SamResponse.of(SamStatus.OK, data).toFrame();
        byte[] stream = new byte[junk.length + frame.length * 2];
        System.arraycopy(junk, 0, stream, 0, junk.length);
        System.arraycopy(frame, 0, stream, junk.length, frame.length);
        System.arraycopy(frame, 0, stream, junk.length + frame.length, frame.length);
        FrameDecoder d = new FrameDecoder();
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        int i = 0;
        while (at < stream.length) {
            int n = Math.min(stream.length - at, 1 + Math.abs(cuts.get(i++ % cuts.size())) % 64);
            d.feed(stream, at, n);
            at += n;
            FrameDecoder.Result r;
            while (!((r = d.next()) instanceof FrameDecoder.Result.NeedMore)) {
                if (r instanceof FrameDecoder.Result.Complete c) {
                    out.add(c.payload());
                }
            }
        }
        assertThat(out).hasSize(2);
        assertThat(SamResponse.fromPayload(out.get(0)).data()).isEqualTo(data);
    }

    private static byte[] complete(FrameDecoder.Result r) {
        assertThat(r).isInstanceOf(FrameDecoder.Result.Complete.class);
        return ((FrameDecoder.Result.Complete) r).payload();
    }
}
