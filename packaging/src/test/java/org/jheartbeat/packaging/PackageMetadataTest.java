package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control fields and maintainer scripts that make the package a drop-in for heartbeat. */
class PackageMetadataTest {

    private final Map<String, String> fields = BuiltPackage.controlFields();

    @Test
    void replacesHeartbeatUnderItsName() {
        assertThat(fields).containsEntry("Package", "jheartbeat")
                .containsEntry("Architecture", "all")
                .containsEntry("Provides", "heartbeat")
                .containsEntry("Conflicts", "heartbeat")
                .containsEntry("Replaces", "heartbeat");
    }

    @Test
    void dependsOnAJava17RuntimeAndTheToolsTheResourcesRun() {
        assertThat(fields.get("Depends").split(",\\s*")).contains(
                "default-jre-headless (>= 2:1.17) | java17-runtime-headless", "libjna-java (>= 5.13)", "iproute2",
                "arping", "psmisc", "adduser");
        assertThat(fields.get("Recommends")).as("send_ua and the shell functions heartbeat's resource.d scripts "
                + "source").isEqualTo("resource-agents");
        assertThat(fields.get("Suggests")).contains("drbd-utils", "nfs-kernel-server", "nfs-ganesha", "tgt");
    }

    @Test
    void versionIsTheBuildsDebianVersion() {
        assertThat(BuiltPackage.deb().getFileName().toString())
                .isEqualTo("jheartbeat_" + fields.get("Version") + "_all.deb");
        assertThat(fields.get("Version")).matches("\\d+\\.\\d+\\.\\d+(~\\d{14})?");
    }

    @Test
    void conffilesAreOursOnly() {
        assertThat(BuiltPackage.controlMember("conffiles").lines())
                .containsExactlyInAnyOrder("/etc/jheartbeat/jheartbeat.conf", "/etc/default/jheartbeat",
                        "/etc/init.d/heartbeat",
                        "/etc/logrotate.d/jheartbeat", "/etc/logrotate.d/heartbeat");
    }

    @Test
    void maintainerScriptsNeverTouchHeartbeatsConfiguration() {
        for (String script : new String[] {"postinst", "prerm", "postrm"}) {
            String commands = BuiltPackage.controlMember(script).lines()
                    .filter(line -> !line.strip().startsWith("#")).reduce("", (all, line) -> all + line + "\n");
            assertThat(commands).as(script).doesNotContain("/etc/ha.d", "/etc/heartbeat");
        }
    }
}
