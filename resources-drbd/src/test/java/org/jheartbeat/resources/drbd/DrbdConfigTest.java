package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.resources.drbd.DrbdResourceConfig.PeerWait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrbdConfigTest {

    @TempDir
    Path dir;

    @Test
    void seedDrbdConf07() throws Exception {
        Path file = dir.resolve("drbd.conf");
        try (InputStream seed = getClass().getResourceAsStream("/conf/seed-drbd.conf")) {
            Files.copy(seed, file);
        }

        DrbdResourceConfig r0 = DrbdConfig.load(file).resource("r0").orElseThrow();

        assertThat(r0.degrWfcTimeout()).contains(Duration.ofSeconds(120));
        assertThat(r0.wfcTimeout()).isEmpty();
        assertThat(r0.inconDegrCmd()).contains("halt -f");
        assertThat(r0.inconsistentDegradedAction()).contains("incon-degr-cmd \"halt -f\"");
        assertThat(r0.hosts()).containsExactly("MASTER", "SLAVE");
        assertThat(r0.minorsOn("MASTER")).containsExactly(0);
        assertThat(r0.hasPeerOf("MASTER")).isTrue();
        assertThat(r0.where()).isEqualTo(file + ":1");
        assertThat(r0.peerWait(Duration.ofSeconds(60))).isEqualTo(new PeerWait(Duration.ofSeconds(120), "degr-wfc-timeout"));
    }

    @Test
    void peerWaitFallsBackToWfcTimeoutThenToTheDefault() throws Exception {
        Path file = write("drbd.conf", "resource a { startup { wfc-timeout 15; } }\nresource b { }\n");
        DrbdConfig config = DrbdConfig.load(file);

        assertThat(config.resource("a").orElseThrow().peerWait(Duration.ofSeconds(60)))
                .isEqualTo(new PeerWait(Duration.ofSeconds(15), "wfc-timeout"));
        assertThat(config.resource("b").orElseThrow().peerWait(Duration.ofSeconds(60)))
                .isEqualTo(new PeerWait(Duration.ofSeconds(60), "default-degr-wfc-timeout"));
    }

    @Test
    void debianLayoutWithCommonSectionAndIncludeGlobs() throws Exception {
        // Debian's /etc/drbd.conf includes drbd.d/global_common.conf and drbd.d/*.res; r0.res is the DRBD 8.4
        // resource the qemu testbed ran (testbed/qemu/REPORT.md).
        write("drbd.conf", """
                # You can find an example in  /usr/share/doc/drbd.../drbd.conf.example
                include "drbd.d/global_common.conf";
                include "drbd.d/*.res";
                """);
        write("drbd.d/global_common.conf", """
                global { usage-count no; }
                common {
                  handlers {
                    pri-on-incon-degr "/usr/lib/drbd/notify-pri-on-incon-degr.sh; echo o > /proc/sysrq-trigger ; halt -f";
                    split-brain "/usr/lib/drbd/notify-split-brain.sh root";
                  }
                  startup { wfc-timeout 0; degr-wfc-timeout 60; }
                }
                """);
        write("drbd.d/r0.res", """
                resource r0 { protocol C; device /dev/drbd0; disk /dev/vdb; meta-disk internal;
                  disk { resync-rate 200M; c-plan-ahead 0; }
                  startup { degr-wfc-timeout 30; }
                  on vm1 { address 10.99.0.1:7789; }  on vm2 { address 10.99.0.2:7789; } }
                """);
        write("drbd.d/r1.res", """
                resource r1 { device minor 1; disk /dev/vdc; meta-disk internal;
                  on vm1 { address 10.99.0.1:7790; } on vm2 { address 10.99.0.2:7790; } }
                """);
        write("drbd.d/notes.txt", "not a resource file {");

        DrbdConfig config = DrbdConfig.load(dir.resolve("drbd.conf"));

        assertThat(config.resources().keySet()).containsExactly("r0", "r1");
        DrbdResourceConfig r0 = config.resource("r0").orElseThrow();
        assertThat(r0.degrWfcTimeout()).as("the resource overrides common").contains(Duration.ofSeconds(30));
        assertThat(r0.wfcTimeout()).contains(Duration.ZERO);
        assertThat(r0.handlers()).containsEntry("split-brain", "/usr/lib/drbd/notify-split-brain.sh root");
        assertThat(r0.inconsistentDegradedAction()).hasValueSatisfying(
                action -> assertThat(action).startsWith("handler pri-on-incon-degr \"/usr/lib/drbd/notify-pri"));
        assertThat(r0.minorsOn("vm2")).containsExactly(0);
        DrbdResourceConfig r1 = config.resource("r1").orElseThrow();
        assertThat(r1.minorsOn("vm1")).containsExactly(1);
        assertThat(r1.degrWfcTimeout()).contains(Duration.ofSeconds(60));
        assertThat(r1.where()).isEqualTo(dir.resolve("drbd.d/r1.res") + ":1");
    }

    @Test
    void drbd9SyntaxWithVolumesNodeIdsAndConnectionMesh() throws Exception {
        // testbed/drbd.conf.example (parsed by drbd-utils 9.22 on this machine) plus a volume section in the
        // form of drbd-utils' own /usr/share/doc/drbd-utils/examples/drbd.conf.example.
        write("drbd.conf", """
                resource r0 {
                  device /dev/drbd0; disk /dev/loop0; meta-disk internal;
                  on vm { node-id 0; address 10.78.0.1:7789; }
                  on peer { node-id 1; address 10.78.0.2:7789; }
                  connection-mesh { hosts vm peer; }
                }
                resource "example" {
                  volume 1 { device minor 1; disk /dev/sdb1; meta-disk internal; }
                  on wurzel { address 192.168.47.1:7780;
                    volume 0 { device minor 0; disk /dev/vg_wurzel/lg_example; meta-disk internal; } }
                  on sepp { address 192.168.47.2:7780;
                    volume 0 { device "/dev/drbd_fancy_name" minor 7; disk /dev/vg_sepp/lg_example; } }
                }
                """);

        DrbdConfig config = DrbdConfig.load(dir.resolve("drbd.conf"));

        assertThat(config.resource("r0").orElseThrow().minorsOn("vm")).containsExactly(0);
        DrbdResourceConfig example = config.resource("example").orElseThrow();
        assertThat(example.minorsOn("wurzel")).containsExactly(0);
        assertThat(example.minorsOn("sepp")).containsExactly(7);
        assertThat(example.minorsOn("elsewhere")).as("resource-level volumes").containsExactly(1);
        assertThat(example.degrWfcTimeout()).isEmpty();
        assertThat(example.inconsistentDegradedAction()).isEmpty();
    }

    @Test
    void errorsNameFileAndLine() throws Exception {
        write("drbd.conf", "include \"bad.res\";\n");
        write("bad.res", """
                resource r0 {
                  startup {
                    degr-wfc-timeout two-minutes;
                  }
                }
                """);

        assertThatThrownBy(() -> DrbdConfig.load(dir.resolve("drbd.conf")))
                .isInstanceOf(DrbdConfigException.class)
                .hasMessage(dir.resolve("bad.res") + ":3: 'degr-wfc-timeout' must be a whole number of seconds,"
                        + " not 'two-minutes'");
    }

    @Test
    void syntaxErrorsNameFileAndLine() throws Exception {
        Map<String, String> broken = Map.of(
                "resource r0 {\n  protocol C;\n", ":3: block 'resource' opened on line 1 is not closed",
                "resource r0 {\n  protocol C\n}\n", ":3: missing ';' after 'protocol'",
                "resource r0 { incon-degr-cmd \"halt -f;\n}\n", ":1: string is not closed by '\"'",
                "resource r0 { device /dev/drbd; }\n", ":1: cannot tell the device minor from 'device /dev/drbd'",
                "resource r0 { }\nresource r0 { }\n", ":2: resource r0 is already defined at ",
                "}\n", ":1: unexpected '}'");
        for (Map.Entry<String, String> example : broken.entrySet()) {
            Path file = write("broken.conf", example.getKey());
            assertThatThrownBy(() -> DrbdConfig.load(file)).as(example.getKey())
                    .isInstanceOf(DrbdConfigException.class)
                    .hasMessageStartingWith(file + example.getValue());
        }
    }

    @Test
    void missingFileIsNamed() {
        Path absent = dir.resolve("drbd.conf");
        assertThatThrownBy(() -> DrbdConfig.load(absent))
                .isInstanceOf(DrbdConfigException.class)
                .hasMessage(absent + ":1: cannot read " + absent + ": no such file");
    }

    @Test
    void targetsOfBareDrbddiskAreAllResourcesInFileOrder() throws Exception {
        Path file = write("drbd.conf", "resource zeta { device minor 1; }\nresource alpha { device minor 0; }\n");

        assertThat(DrbdTargets.resolve(file, Optional.empty())).extracting(DrbdResourceConfig::name)
                .containsExactly("zeta", "alpha");
        assertThatThrownBy(() -> DrbdTargets.resolve(file, Optional.of("r0")))
                .isInstanceOf(DrbdConfigException.class)
                .hasMessage(file + " (with its includes) defines no resource r0; it defines: zeta, alpha");
        assertThat(List.of(DrbdTargets.resolve(file, Optional.of("alpha")).get(0).sharedMinors()))
                .containsExactly(List.of(0));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
