package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortRankingTest {

    @Test
    void knownReaderChipsByUsbIds() {
        assertThat(PortRanking.rank(new PortCandidate("/dev/ttyUSB0", 0x1A86, 0x7523, "USB Serial"))).isEqualTo(PortRank.KNOWN_READER_CHIP);
        assertThat(PortRanking.rank(new PortCandidate("/dev/ttyUSB1", 0x10C4, 0xEA60, "CP2102 USB to UART Bridge Controller")))
                .isEqualTo(PortRank.KNOWN_READER_CHIP);
        assertThat(PortRanking.rank(new PortCandidate("/dev/ttyUSB2", 0x067B, 0x2303, "USB-Serial Controller"))).isEqualTo(PortRank.KNOWN_READER_CHIP);
        assertThat(KnownChip.of(new PortCandidate("/dev/ttyUSB0", 0x1A86, 0x7523, ""))).contains(KnownChip.WCH_CH340);
    }

    @Test
    void knownReaderChipsByDescriptionWhenTheIdsAreMissing() {
        assertThat(KnownChip.of(new PortCandidate("COM3", -1, -1, "USB-SERIAL CH340 (COM3)"))).contains(KnownChip.WCH_CH340);
        assertThat(KnownChip.of(new PortCandidate("COM4", -1, -1, "Silicon Labs CP210x USB to UART Bridge (COM4)")))
                .contains(KnownChip.SILABS_CP210X);
        assertThat(KnownChip.of(new PortCandidate("COM5", -1, -1, "Prolific USB-to-Serial Comm Port (COM5)")))
                .contains(KnownChip.PROLIFIC_PL2303);
    }

    @Test
    void otherUsbSerialPortsComeNext() {
        assertThat(PortRanking.rank(new PortCandidate("/dev/ttyUSB3", 0x0403, 0x6001, "FT232R USB UART"))).isEqualTo(PortRank.USB_SERIAL);
        assertThat(PortRanking.rank(new PortCandidate("/dev/ttyACM0", -1, -1, ""))).isEqualTo(PortRank.USB_SERIAL);
        assertThat(PortRanking.rank(PortCandidate.ofPath("/dev/cu.usbserial-1410"))).isEqualTo(PortRank.USB_SERIAL);
        assertThat(PortRanking.rank(new PortCandidate("COM7", -1, -1, "USB Serial Device (COM7)"))).isEqualTo(PortRank.USB_SERIAL);
    }

    @Test
    void builtInAndBluetoothPortsComeLast() {
        assertThat(PortRanking.rank(new PortCandidate("/dev/ttyS0", -1, -1, "Physical Port S0"))).isEqualTo(PortRank.OTHER);
        assertThat(PortRanking.rank(new PortCandidate("/dev/rfcomm0", -1, -1, "Bluetooth"))).isEqualTo(PortRank.OTHER);
        assertThat(PortRanking.rank(new PortCandidate("COM1", -1, -1, "Communications Port (COM1)"))).isEqualTo(PortRank.OTHER);
    }

    @Test
    void ordersByRankThenNaturallyByName() {
        List<PortCandidate> ports = List.of(
                new PortCandidate("/dev/ttyS0", -1, -1, "Physical Port S0"),
                new PortCandidate("/dev/ttyUSB10", 0x0403, 0x6001, "FT232R USB UART"),
                new PortCandidate("/dev/ttyACM0", -1, -1, ""),
                new PortCandidate("/dev/ttyUSB2", 0x0403, 0x6001, "FT232R USB UART"),
                new PortCandidate("/dev/ttyUSB7", 0x067B, 0x2303, "USB-Serial Controller"),
                new PortCandidate("/dev/ttyUSB11", 0x1A86, 0x7523, "USB2.0-Serial"));
        assertThat(PortRanking.order(ports)).extracting(r -> r.port().path()).containsExactly(
                "/dev/ttyUSB7", "/dev/ttyUSB11", "/dev/ttyACM0", "/dev/ttyUSB2", "/dev/ttyUSB10", "/dev/ttyS0");
    }

    @Test
    void theSamePathListedTwiceKeepsItsBestDescription() {
        List<PortRanking.RankedPort> ranked = PortRanking.order(List.of(
                PortCandidate.ofPath("/dev/ttyUSB0"),
                new PortCandidate("/dev/ttyUSB0", 0x1A86, 0x7523, "USB Serial")));
        assertThat(ranked).hasSize(1);
        assertThat(ranked.get(0).rank()).isEqualTo(PortRank.KNOWN_READER_CHIP);
        assertThat(ranked.get(0).chip()).contains(KnownChip.WCH_CH340);
        assertThat(ranked.get(0).port().usbId()).isEqualTo("1a86:7523");
    }
}
