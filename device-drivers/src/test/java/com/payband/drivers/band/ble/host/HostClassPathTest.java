package com.payband.drivers.band.ble.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed console is its runnable jar with TinyB's own jar in {@code lib/} beside it (repackaged, TinyB would
 * lose the manifest it checks its natives against): the BLE host's class path finds it there, as the build lays it
 * out in console-app/target and the installers copy it.
 */
class HostClassPathTest {

    @TempDir
    Path dir;

    @Test
    void tinyBsJarBesideTheRunnableJarGoesOnTheHostsClassPath() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Path jar = Files.createFile(app.resolve("payband.jar"));
        Files.createDirectories(app.resolve("lib"));
        Path tinyb = Files.createFile(app.resolve("lib").resolve("bluetooth-manager-tinyb-1.3.3.jar"));
        Files.createFile(app.resolve("lib").resolve("bluetooth-manager-tinyb-1.3.3.jar.sha1"));
        Files.createFile(app.resolve("lib").resolve("something-else-1.0.jar"));

        assertThat(HostedBleTransport.hostClassPath(jar.toString()).split(File.pathSeparator))
                .containsExactly(jar.toString(), tinyb.toString());
    }

    @Test
    void aClassPathThatHasTinyBAlreadyIsLeftAsItIs() {
        String built = "/repo/classes" + File.pathSeparator + "/m2/org/sputnikdev/bluetooth-manager-tinyb/1.3.3/"
                + "bluetooth-manager-tinyb-1.3.3.jar";
        assertThat(HostedBleTransport.hostClassPath(built)).isEqualTo(built);
    }

    @Test
    void withoutTinyBBesideItTheClassPathIsUnchanged() throws Exception {
        Path jar = Files.createFile(dir.resolve("payband.jar"));
        String classPath = jar + File.pathSeparator + dir.resolve("classes");
        assertThat(HostedBleTransport.hostClassPath(classPath)).isEqualTo(classPath);
    }
}
