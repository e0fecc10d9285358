package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.Portrait;
import com.payband.drivers.idcard.sim.SampleDocuments;
import com.payband.drivers.idcard.sim.SimulatorPortraitDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WltPortraitsTest {

    private static final byte[] WLT = wlt();

    private static byte[] wlt() {
        byte[] data = new byte[1024];
        data[0] = 'W';
        data[1] = 'L';
        data[2] = 'T';
        data[3] = 42;
        return data;
    }

    @Test
    void withoutADecoderAWltPhotoShowsAsThePlaceholderWithItsHash() throws Exception {
        Portrait photo = new Portrait(Portrait.Format.WLT, WLT);
        WltPortraits.ShownPortrait shown = WltPortraits.none().render(photo);
        assertThat(shown.placeholder()).isTrue();
        assertThat(shown.mediaType()).isEqualTo("image/png");
        assertThat(shown.sha256()).isEqualTo(photo.sha256());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(shown.image()));
        assertThat(image.getWidth()).isEqualTo(WltPortraits.WIDTH);
        assertThat(image.getHeight()).isEqualTo(WltPortraits.HEIGHT);
        assertThat(WltPortraits.none().decoderName()).isEmpty();
    }

    @Test
    void aPluggedInDecoderIsFoundThroughTheServiceLoaderBesideTheSimulators() {
        WltPortraits installed = WltPortraits.installed();
        assertThat(installed.decoderName()).hasValueSatisfying(names -> assertThat(names)
                .contains("fake WLT decoder for tests").contains(SimulatorPortraitDecoder.NAME));
        WltPortraits.ShownPortrait shown = installed.render(new Portrait(Portrait.Format.WLT, WLT));
        assertThat(shown.placeholder()).isFalse();
        assertThat(shown.mediaType()).isEqualTo("image/bmp");
        assertThat(shown.image()).containsExactly('B', 'M', 42);
        assertThat(shown.decodedBy()).contains("fake WLT decoder for tests");
    }

    @Test
    void theSimulatorsSampleCardsShowTheSampleFaceAndARealCardsPhotoDoesNot() throws Exception {
        WltPortraits simulatorOnly = WltPortraits.with(new SimulatorPortraitDecoder());
        var card = (com.payband.drivers.idcard.ResidentIdCard) SampleDocuments.byName("zhang-wei").orElseThrow()
                .document(java.time.Clock.systemUTC());
        WltPortraits.ShownPortrait sample = simulatorOnly.render(card.portrait());
        assertThat(sample.placeholder()).isFalse();
        assertThat(sample.decodedBy()).contains(SimulatorPortraitDecoder.NAME);
        BufferedImage face = ImageIO.read(new ByteArrayInputStream(sample.image()));
        assertThat(face.getWidth()).isPositive();
        // a real card's block (no simulator mark) is never shown as a face by the simulator
        WltPortraits.ShownPortrait real = simulatorOnly.render(new Portrait(Portrait.Format.WLT, WLT));
        assertThat(real.placeholder()).isTrue();
        assertThat(real.decodedBy()).isEmpty();
    }

    @Test
    void aJpeg2000FaceWithoutAnImageIoPluginShowsAsThePlaceholder() {
        Portrait jp2 = new Portrait(Portrait.Format.JPEG2000, new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' '});
        assertThat(WltPortraits.installed().render(jp2).placeholder()).isTrue();
    }

    @Test
    void aDecoderThatFailsYieldsThePlaceholderNotAnError() {
        WltPortraits portraits = WltPortraits.with(new FakeWltDecoder());
        WltPortraits.ShownPortrait shown = portraits.render(new Portrait(Portrait.Format.WLT, new byte[1024]));
        assertThat(shown.placeholder()).isTrue();
        WltPortraits throwing = WltPortraits.with(new WltDecoder() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public DecodedImage decode(byte[] wlt) {
                throw new IllegalStateException("native crash stand-in");
            }
        });
        assertThat(throwing.render(new Portrait(Portrait.Format.WLT, WLT)).placeholder()).isTrue();
    }

    @Test
    void jpegPortraitsShowAsThemselvesAndNoPortraitAsThePlaceholder() {
        Portrait jpeg = new Portrait(Portrait.Format.JPEG, new byte[] {(byte) 0xFF, (byte) 0xD8, 1});
        assertThat(WltPortraits.none().render(jpeg).placeholder()).isFalse();
        assertThat(WltPortraits.none().render(Portrait.NONE).placeholder()).isTrue();
    }
}
