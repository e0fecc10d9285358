package com.payband.console.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each platform keeps the data, and what overrides it. */
class DataFolderTest {

    private static final Path HOME = Path.of("/home/clerk");

    @Test
    void eachPlatformUsesItsUsualPerUserDataFolder() {
        assertThat(DataFolder.resolve(Optional.empty(), Map.of(), "Linux", HOME).path())
                .isEqualTo(Path.of("/home/clerk/.local/share/payband"));
        assertThat(DataFolder.resolve(Optional.empty(), Map.of("XDG_DATA_HOME", "/data/xdg"), "Linux", HOME).path())
                .isEqualTo(Path.of("/data/xdg/payband"));
        assertThat(DataFolder.resolve(Optional.empty(), Map.of(), "Mac OS X", HOME).path())
                .isEqualTo(Path.of("/home/clerk/Library/Application Support/PayBand"));
        assertThat(DataFolder.resolve(Optional.empty(), Map.of("APPDATA", "/c/Users/clerk/AppData/Roaming"), "Windows 11", HOME)
                .path()).isEqualTo(Path.of("/c/Users/clerk/AppData/Roaming/PayBand"));
    }

    @Test
    void theOptionBeatsTheVariableWhichBeatsThePlatform() {
        Map<String, String> env = Map.of("PAYBAND_HOME", "/srv/payband", "XDG_DATA_HOME", "/data/xdg");
        assertThat(DataFolder.resolve(Optional.of(Path.of("/tmp/other")), env, "Linux", HOME).path())
                .isEqualTo(Path.of("/tmp/other"));
        assertThat(DataFolder.resolve(Optional.empty(), env, "Linux", HOME).path()).isEqualTo(Path.of("/srv/payband"));
        assertThat(DataFolder.resolve(Optional.empty(), Map.of("PAYBAND_HOME", " "), "Linux", HOME).path())
                .isEqualTo(Path.of("/home/clerk/.local/share/payband"));
    }

    @Test
    void theFolderIsCreatedForItsOwnerOnly(@TempDir Path dir) throws Exception {
        DataFolder folder = new DataFolder(dir.resolve("payband"));
        folder.create();
        for (Path p : new Path[] {folder.path(), folder.databaseDirectory(), folder.logs(), folder.backups()}) {
            assertThat(Files.getPosixFilePermissions(p)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(folder.initialised()).isFalse();
    }
}
