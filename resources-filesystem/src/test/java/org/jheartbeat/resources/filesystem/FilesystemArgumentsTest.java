package org.jheartbeat.resources.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.ResourceSpec;
import org.junit.jupiter.api.Test;

class FilesystemArgumentsTest {

    private static FilesystemArguments parse(String token) throws InvalidResourceException {
        return FilesystemArguments.parse(ResourceSpec.parse(token));
    }

    @Test
    void theSeedsFilesystem() throws Exception {
        assertThat(parse("Filesystem::/dev/drbd0::/data::ext3")).isEqualTo(new FilesystemArguments(
                new DeviceSpec.BlockDevice(Path.of("/dev/drbd0")), "/data", "ext3", Optional.empty()));
    }

    @Test
    void labelsUuidsOptionsAndNetworkSources() throws Exception {
        assertThat(parse("Filesystem::-L data::/data/::ext4::noatime,nodev").device())
                .isEqualTo(new DeviceSpec.Tagged("LABEL", "data"));
        assertThat(parse("Filesystem::-L data::/data/::ext4::noatime,nodev").mountPoint()).isEqualTo("/data");
        assertThat(parse("Filesystem::-Ldata::/data::ext4").device()).isEqualTo(new DeviceSpec.Tagged("LABEL", "data"));
        assertThat(parse("Filesystem::UUID=3ff30212-f542-422a-acf9-bdfcf2a38db8::/data::ext2").device())
                .hasToString("UUID=3ff30212-f542-422a-acf9-bdfcf2a38db8");
        assertThat(parse("Filesystem::-U 3ff30212::/data::ext2").device()).isEqualTo(new DeviceSpec.Tagged("UUID", "3ff30212"));
        assertThat(parse("Filesystem::server:/export::/mnt/nfs::nfs4::vers=4.2").device())
                .isEqualTo(new DeviceSpec.Source("server:/export"));
        assertThat(parse("Filesystem::/dev/sdb1::/data::ext3::noatime").options()).hasValue("noatime");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> parse("Filesystem::/dev/drbd0::/data"))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessage("Filesystem::/dev/drbd0::/data: expected Filesystem::device::mountpoint::fstype[::options], got 2 argument(s)");
        assertThatThrownBy(() -> parse("Filesystem::drbd0::/data::ext3"))
                .hasMessage("Filesystem::drbd0::/data::ext3: device 'drbd0' is neither an absolute path nor LABEL=, UUID=, -L or -U");
        assertThatThrownBy(() -> parse("Filesystem::/dev/drbd0::data::ext3"))
                .hasMessageEndingWith("mount point 'data' is not an absolute path");
        assertThatThrownBy(() -> parse("Filesystem::/dev/drbd0::/::ext3"))
                .hasMessageEndingWith("mount point '/' would hide the root filesystem");
        assertThatThrownBy(() -> parse("Filesystem::/dev/drbd0::/data/../etc::ext3"))
                .hasMessageEndingWith("mount point '/data/../etc' is not a normalised path (no '.', '..' or '//')");
        assertThatThrownBy(() -> parse("Filesystem::/dev/drbd0::/data::EXT 3"))
                .hasMessageEndingWith("fstype 'EXT 3' is not a filesystem type name (ext3, ext4, xfs, nfs, ...)");
        assertThatThrownBy(() -> parse("Filesystem::/dev/drbd0::/data::auto"))
                .hasMessageContaining("fstype 'auto' cannot be verified by status");
        assertThatThrownBy(() -> parse("Filesystem::/dev/drbd0::/data::ext3::noatime, nodev"))
                .hasMessageEndingWith("mount options 'noatime, nodev' must be a non-empty comma-separated list without spaces");
        assertThatThrownBy(() -> parse("Filesystem::::/data::ext3")).hasMessageEndingWith("the device (first argument) is empty");
    }
}
