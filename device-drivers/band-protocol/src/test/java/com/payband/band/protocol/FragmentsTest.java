package com.payband.band.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FragmentsTest {

    @Property
    void anyMessageSurvivesAnyMtu(@ForAll @Size(max = 4096) byte[] message, @ForAll @IntRange(min = 23, max = 517) int mtu)
            throws Exception {
        List<byte[]> fragments = Fragments.split(message, mtu);
        assertThat(fragments).allSatisfy(f -> assertThat(f.length).isLessThanOrEqualTo(mtu - 3));
        Fragments.Assembly assembly = new Fragments.Assembly();
        byte[] result = null;
        for (int i = 0; i < fragments.size(); i++) {
            result = assembly.accept(fragments.get(i));
            assertThat(result == null).isEqualTo(i < fragments.size() - 1);
        }
        assertThat(result).isEqualTo(message);
    }

    @Test
    void outOfOrderOrTruncatedFragmentsAreRefusedAndForgotten() throws Exception {
        byte[] message = new byte[500];
        List<byte[]> f = Fragments.split(message, 23);
        Fragments.Assembly a = new Fragments.Assembly();
        a.accept(f.get(0));
        assertThatThrownBy(() -> a.accept(f.get(2))).isInstanceOf(ProtocolException.class).hasMessageContaining("order");
        assertThatThrownBy(() -> a.accept(f.get(1))).isInstanceOf(ProtocolException.class);
        // a fresh first fragment starts over cleanly
        byte[] last = null;
        for (byte[] fragment : f) {
            last = a.accept(fragment);
        }
        assertThat(last).isEqualTo(message);
        byte[] lying = Fragments.split(new byte[10], 247).get(0);
        lying[1] = 20;
        assertThatThrownBy(() -> new Fragments.Assembly().accept(lying)).hasMessageContaining("shorter than announced");
        byte[] huge = {(byte) 0x80, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> new Fragments.Assembly().accept(huge)).hasMessageContaining("over");
    }
}
