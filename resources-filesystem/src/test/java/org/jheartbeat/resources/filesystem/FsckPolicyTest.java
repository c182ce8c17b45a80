package org.jheartbeat.resources.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FsckPolicyTest {

    @Test
    void autoChecksOnlyBlockDevicesOfTypesThatDoNotRecoverByThemselves() {
        assertThat(FsckPolicy.AUTO.wantsCheck("ext2", true)).isTrue();
        assertThat(FsckPolicy.AUTO.wantsCheck("minix", true)).isTrue();
        assertThat(FsckPolicy.AUTO.wantsCheck("ext3", true)).isFalse();
        assertThat(FsckPolicy.AUTO.wantsCheck("ext4", true)).isFalse();
        assertThat(FsckPolicy.AUTO.wantsCheck("xfs", true)).isFalse();
        assertThat(FsckPolicy.AUTO.wantsCheck("nfs4", false)).isFalse();
        assertThat(FsckPolicy.AUTO.wantsCheck("ext2", false)).isFalse();
    }

    @Test
    void forceChecksEveryBlockDeviceAndSkipNone() {
        assertThat(FsckPolicy.FORCE.wantsCheck("ext3", true)).isTrue();
        assertThat(FsckPolicy.FORCE.wantsCheck("nfs", false)).isFalse();
        assertThat(FsckPolicy.SKIP.wantsCheck("ext2", true)).isFalse();
    }

    @Test
    void parsesSettingValues() {
        assertThat(FsckPolicy.parse(" Force ")).isEqualTo(FsckPolicy.FORCE);
        assertThat(FsckPolicy.parse("no")).isEqualTo(FsckPolicy.SKIP);
        assertThatThrownBy(() -> FsckPolicy.parse("sometimes")).hasMessage("'sometimes' is not one of auto, force, skip");
    }
}
