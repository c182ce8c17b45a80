package org.jheartbeat.resources.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.host.FakeHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code hbctl config check} learns from a Filesystem resource without running anything: the tools start
 * needs, the device, whether the mount point can be there, and whether the kernel knows the type.
 */
class FilesystemPreflightTest {

    @TempDir
    Path dir;

    private final FakeCommandRunner commands = new FakeCommandRunner();
    private final FakeHost host = new FakeHost().blockDevice("/dev/loop0", 7, 0).directory("/srv")
            .file("/etc/motd", "");
    private final Set<String> installed = new HashSet<>(Set.of("mount", "fsck", "fsck.ext2", "blkid",
            "mount.nfs", "mount.nfs4"));
    private KernelFilesystems kernel;

    @BeforeEach
    void aKernelWithExt4BuiltInAndXfsAsAModule() throws IOException {
        Path modules = Files.createDirectories(dir.resolve("lib/modules/6.1.0-28-amd64"));
        Files.writeString(modules.resolve("modules.alias"), "alias fs-xfs xfs\nalias fs-nfs4 nfsv4\n");
        kernel = new KernelFilesystems(Files.writeString(dir.resolve("filesystems"),
                "nodev\tsysfs\nnodev\ttmpfs\n\text4\n\text2\n"), modules);
    }

    private List<String> findings(String token, FsckPolicy fsck) throws Exception {
        FilesystemPreflight preflight = new FilesystemPreflight(
                tool -> installed.contains(tool) ? Optional.of(Path.of("/usr/sbin", tool)) : Optional.empty(), host,
                kernel);
        return preflight.findings(FilesystemArguments.parse(ResourceSpec.parse(token)), fsck);
    }

    @Test
    void aDeviceTypeAndMountPointThisNodeHasGiveNoFinding() throws Exception {
        assertThat(findings("Filesystem::/dev/loop0::/srv::ext2", FsckPolicy.AUTO)).isEmpty();
        assertThat(findings("Filesystem::/dev/loop0::/srv/data/new::ext4", FsckPolicy.AUTO))
                .as("a missing mount point below a directory is made at start").isEmpty();
        assertThat(findings("Filesystem::/dev/loop0::/srv::xfs", FsckPolicy.AUTO))
                .as("a module of this kernel provides xfs").isEmpty();
        assertThat(findings("Filesystem::server:/export::/srv::nfs4", FsckPolicy.FORCE))
                .as("network types are never checked").isEmpty();
        assertThat(commands.calls()).isEmpty();
    }

    @Test
    void toolsStartRunsThatAreMissingAreNamedWithTheirPackage() throws Exception {
        installed.removeAll(Set.of("mount", "fsck.ext2", "mount.nfs", "blkid"));
        assertThat(findings("Filesystem::/dev/loop0::/srv::ext2", FsckPolicy.AUTO)).containsExactly(
                "mount is not installed here (package mount): mounting fails without it",
                "fsck.ext2 is not installed here (the package of ext2's tools): start runs fsck -t ext2 on the device"
                        + " first (fsck policy auto), which fails without it");
        assertThat(findings("Filesystem::/dev/loop0::/srv::ext4", FsckPolicy.AUTO)).as("ext4 is not checked on auto")
                .containsExactly("mount is not installed here (package mount): mounting fails without it");
        assertThat(findings("Filesystem::server:/export::/srv::nfs", FsckPolicy.AUTO)).contains(
                "mount.nfs is not installed here (package nfs-common): mounting nfs fails without it");
        assertThat(findings("Filesystem::LABEL=data::/srv::ext4", FsckPolicy.SKIP)).contains(
                "blkid is not installed here (package util-linux): finding the device with LABEL=data fails"
                        + " without it");
    }

    @Test
    void aDeviceThatIsMissingOrNotABlockDeviceIsNamed() throws Exception {
        assertThat(findings("Filesystem::/dev/drbd0::/srv::ext4", FsckPolicy.AUTO)).containsExactly(
                "device /dev/drbd0 does not exist on this node: starting fails here until it does (a resource"
                        + " before it in its group may create it)");
        assertThat(findings("Filesystem::/etc/motd::/srv::ext4", FsckPolicy.AUTO)).containsExactly(
                "device /etc/motd is not a block device on this node: starting fails");
    }

    @Test
    void aMountPointThatIsAFileOrBelowOneIsNamed() throws Exception {
        assertThat(findings("Filesystem::/dev/loop0::/etc/motd::ext4", FsckPolicy.AUTO)).containsExactly(
                "mount point /etc/motd exists on this node but is not a directory: starting fails");
        assertThat(findings("Filesystem::/dev/loop0::/etc/motd/data::ext4", FsckPolicy.AUTO)).containsExactly(
                "mount point /etc/motd/data cannot be made: /etc/motd is not a directory");
    }

    @Test
    void aTypeTheKernelNeitherHasNorCanLoadIsNamed() throws Exception {
        assertThat(findings("Filesystem::/dev/loop0::/srv::btrfs", FsckPolicy.SKIP)).containsExactly(
                "filesystem type btrfs is not in " + dir.resolve("filesystems") + " and no module in "
                        + dir.resolve("lib/modules/6.1.0-28-amd64/modules.alias") + " provides it: mounting fails"
                        + " until the kernel has it");
        kernel = new KernelFilesystems(kernel.registered(), dir.resolve("lib/modules/none"));
        assertThat(findings("Filesystem::/dev/loop0::/srv::xfs", FsckPolicy.SKIP)).singleElement().asString()
                .contains("this kernel has no " + dir.resolve("lib/modules/none/modules.alias"));
        kernel = new KernelFilesystems(dir.resolve("no-proc"), kernel.modules());
        assertThat(findings("Filesystem::/dev/loop0::/srv::btrfs", FsckPolicy.SKIP))
                .as("a node whose kernel list cannot be read tells nothing").isEmpty();
    }
}
