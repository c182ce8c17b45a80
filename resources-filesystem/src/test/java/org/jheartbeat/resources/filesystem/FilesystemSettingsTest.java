package org.jheartbeat.resources.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FilesystemSettingsTest {

    private static Config resources(String text) {
        return ConfigFactory.parseString(text).withFallback(ConfigFactory.defaultReference()).getConfig("jheartbeat.resources");
    }

    @Test
    void shippedDefaults() {
        assertThat(FilesystemSettings.forMountPoint(resources(""), "/data"))
                .isEqualTo(new FilesystemSettings(FsckPolicy.AUTO, Duration.ofSeconds(1)));
    }

    @Test
    void aMountPointOverridesTheSection() {
        Config config = resources("jheartbeat.resources.filesystem { fsck = skip, holder-exit-wait = 300ms\n"
                + "mount-points { \"/data\" { fsck = force } } }");

        assertThat(FilesystemSettings.forMountPoint(config, "/data"))
                .isEqualTo(new FilesystemSettings(FsckPolicy.FORCE, Duration.ofMillis(300)));
        assertThat(FilesystemSettings.forMountPoint(config, "/other").fsck()).isEqualTo(FsckPolicy.SKIP);
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> FilesystemSettings.forMountPoint(resources("jheartbeat.resources.filesystem.fsck = maybe"), "/data"))
                .hasMessage("jheartbeat.resources.filesystem.fsck: 'maybe' is not one of auto, force, skip");
        assertThatThrownBy(() -> FilesystemSettings.forMountPoint(resources("jheartbeat.resources.filesystem.holder-exit-wait = soon"), "/data"))
                .hasMessageStartingWith("setting jheartbeat.resources.filesystem for /data: ")
                .hasMessageContaining("holder-exit-wait");
        assertThatThrownBy(() -> FilesystemSettings.forMountPoint(resources("jheartbeat.resources.filesystem.holder-exit-wait = 0s"), "/data"))
                .hasMessage("jheartbeat.resources.filesystem.holder-exit-wait must be positive, got PT0S");
    }
}
