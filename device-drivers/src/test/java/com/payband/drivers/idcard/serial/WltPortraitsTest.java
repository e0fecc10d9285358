package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.drivers.idcard.Portrait;
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
    void aPluggedInDecoderIsFoundThroughTheServiceLoader() {
        WltPortraits installed = WltPortraits.installed();
        assertThat(installed.decoderName()).contains("fake WLT decoder for tests");
        WltPortraits.ShownPortrait shown = installed.render(new Portrait(Portrait.Format.WLT, WLT));
        assertThat(shown.placeholder()).isFalse();
        assertThat(shown.mediaType()).isEqualTo("image/bmp");
        assertThat(shown.image()).containsExactly('B', 'M', 42);
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
