package com.payband.drivers.idcard.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceWatcherTest {

    @TempDir
    Path dir;

    @Test
    void noticesDevicesComingAndGoingWithinTwoSeconds() throws Exception {
        Path target = Files.createFile(dir.resolve("pts-stand-in"));
        try (DeviceWatcher watcher = DeviceWatcher.ofGlobs(List.of(dir + "/ttyUSB*"), Duration.ofMillis(500)).start()) {
            LinkedBlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
            watcher.subscribe(events::add);
            Thread.sleep(100);
            assertThat(events).isEmpty();

            Files.createSymbolicLink(dir.resolve("ttyUSB0"), target);
            assertThat(events.poll(2, TimeUnit.SECONDS)).isEqualTo(new DeviceEvent.Appeared(dir.resolve("ttyUSB0")));
            assertThat(watcher.isPresent(dir.resolve("ttyUSB0"))).isTrue();

            Files.createFile(dir.resolve("ttyACM0")); // not watched
            Files.delete(target); // the link dangles: the device is gone
            assertThat(events.poll(2, TimeUnit.SECONDS)).isEqualTo(new DeviceEvent.Disappeared(dir.resolve("ttyUSB0")));
            assertThat(events.poll(700, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aNewSubscriberHearsOfTheDevicesAlreadyThere() throws Exception {
        Files.createFile(dir.resolve("ttyUSB3"));
        try (DeviceWatcher watcher = DeviceWatcher.ofGlobs(List.of(dir + "/ttyUSB*"), Duration.ofMillis(200)).start()) {
            watcher.scanNow();
            LinkedBlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
            watcher.subscribe(events::add);
            assertThat(events.poll(1, TimeUnit.SECONDS)).isEqualTo(new DeviceEvent.Appeared(dir.resolve("ttyUSB3")));
        }
    }

    @Test
    void refusesSlowPollingAndWildcardsInDirectories() {
        assertThatThrownBy(() -> DeviceWatcher.ofGlobs(List.of("/dev/ttyUSB*"), Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceSource.globs(List.of("/dev/*/ttyUSB*"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(DeviceSource.globs(List.of(dir + "/missing/ttyUSB*")).present()).isEmpty();
    }
}
