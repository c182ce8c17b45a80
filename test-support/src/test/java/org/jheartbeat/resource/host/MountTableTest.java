package org.jheartbeat.resource.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;

class MountTableTest {

    @Test
    void parsesARecordedPrivateNamespaceWithAnEscapedSpace() {
        MountTable table = MountTable.parse(Recorded.text("host/mountinfo-private-ext2-space.txt"), "recorded");

        assertThat(table.entries()).hasSize(25);
        assertThat(table.visibleAt("/tmp/fs8/m nt")).hasValue(new MountEntry(73, 48, new DeviceNumber(7, 0), "/",
                "/tmp/fs8/m nt", "rw,noatime", "ext2", "/dev/loop0", "rw"));
        assertThat(table.visibleAt("/run/netns/jhb7x-a").orElseThrow().root()).isEqualTo("net:[4026532246]");
    }

    @Test
    void parsesOptionalFieldsBindMountsAndMountsBelow() {
        MountTable table = MountTable.parse(Recorded.text("host/mountinfo-shared-bind-tmpfs.txt"), "recorded");

        MountEntry data = table.visibleAt("/tmp/fs8/data").orElseThrow();
        assertThat(data.mountOptions()).isEqualTo("rw,noatime");
        assertThat(data.fsType()).isEqualTo("ext3");
        assertThat(table.matching(entry -> entry.device().equals(new DeviceNumber(7, 0))))
                .extracting(MountEntry::mountPoint).containsExactly("/tmp/fs8/data", "/tmp/fs8/data dir");
        assertThat(table.below("/tmp/fs8/data")).extracting(MountEntry::mountPoint).containsExactly("/tmp/fs8/data/sub");
        assertThat(table.below("/tmp/fs8")).hasSize(3);
    }

    @Test
    void theLastMountStackedOnAPathIsTheVisibleOne() {
        MountTable table = MountTable.parse(Recorded.text("host/mountinfo-shared-bind-tmpfs.txt"), "recorded");

        assertThat(table.visibleAt("/dev/shm").orElseThrow().mountId()).isEqualTo(65);
        assertThat(table.visibleAt("/nowhere")).isEmpty();
    }

    @Test
    void decodesEveryEscapeTheKernelWrites() {
        assertThat(MountTable.unescape("/a\\040b\\011c\\012d\\134e")).isEqualTo("/a b\tc\nd\\e");
        assertThat(MountTable.unescape("/plain\\x")).isEqualTo("/plain\\x");
        assertThat(MountTable.unescape("/short\\04")).isEqualTo("/short\\04");
    }

    @Test
    void aMalformedLineIsReportedWithItsOriginAndNumber() {
        assertThatThrownBy(() -> MountTable.parse("36 35 98:0 / /a rw - ext3 /dev/x rw\n36 35 / /b rw\n", "/proc/self/mountinfo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/proc/self/mountinfo line 2: expected");
        assertThatThrownBy(() -> MountTable.parse("36 35 98-0 / /a rw - ext3 /dev/x rw", "mi"))
                .hasMessageContaining("mi line 1: not a major:minor device number: '98-0'");
        assertThatThrownBy(() -> MountTable.parse("x 35 98:0 / /a rw - ext3 /dev/x rw", "mi"))
                .hasMessageStartingWith("mi line 1: For input string: \"x\"");
    }
}
