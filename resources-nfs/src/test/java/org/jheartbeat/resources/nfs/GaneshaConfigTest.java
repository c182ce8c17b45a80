package org.jheartbeat.resources.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;

class GaneshaConfigTest {

    private static GaneshaSetup setup(String text) {
        return GaneshaSetup.from(GaneshaConfig.parse(text, "ganesha.conf"), "ganesha.conf");
    }

    @Test
    void theTestbedConfigurationGivesItsRecoveryRootExportAndGracePeriod() {
        GaneshaSetup setup = setup(Recorded.text("ganesha-v4.conf"));

        assertThat(setup.recoveryBackend()).isEqualTo("fs");
        assertThat(setup.recoveryRoot()).isEqualTo(Path.of("/srv/node-a/recovery"));
        assertThat(setup.gracePeriod()).isEqualTo(10);
        assertThat(setup.graceless()).isFalse();
        assertThat(setup.port()).isEqualTo(2049);
        assertThat(setup.exports()).containsExactly(new GaneshaSetup.Export("1", Path.of("/srv/node-a/export")));
        assertThat(setup.probeAddress("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void debiansShippedFilesParseAndTheirDefaultsAreNamed() {
        assertThat(GaneshaConfig.parse(Recorded.text("debian-ganesha.conf"), "ganesha.conf").blocks()).isEmpty();
        assertThatThrownBy(() -> setup(Recorded.text("debian-ganesha.conf")))
                .hasMessage("ganesha.conf: no EXPORT block, nothing to serve");

        GaneshaSetup vfs = setup(Recorded.text("debian-vfs.conf"));

        assertThat(vfs.exports()).containsExactly(new GaneshaSetup.Export("77", Path.of("/nonexistent")));
        assertThat(vfs.recoveryRoot()).as("local unless configured").isEqualTo(GaneshaSetup.DEFAULT_RECOVERY_ROOT);
    }

    @Test
    void namesAreCaseInsensitiveQuotesCommentsAndListsAreRead() {
        GaneshaConfig config = GaneshaConfig.parse("""
                # comment
                nfs_core_param { nfs_port = 12049; Bind_Addr = "10.78.0.100"; protocols = 3, 4; }
                export { export_id = 7; path = "/data/with space"; # trailing comment
                    FSAL { name = VFS; } client { clients = 10.78.0.2, 10.78.0.3; access_type = RW; }
                };
                """, "c");

        assertThat(config.value("NFS_CORE_PARAM", "Protocols")).contains("3");
        assertThat(config.blocks("NFS_CORE_PARAM").get(0).parameters().get("protocols")).isEqualTo(List.of("3", "4"));
        assertThat(config.blocks("EXPORT").get(0).blocks("CLIENT").get(0).parameters().get("clients"))
                .isEqualTo(List.of("10.78.0.2", "10.78.0.3"));
        GaneshaSetup setup = GaneshaSetup.from(config, "c");
        assertThat(setup.port()).isEqualTo(12049);
        assertThat(setup.probeAddress("127.0.0.1")).isEqualTo("10.78.0.100");
        assertThat(setup.exports()).containsExactly(new GaneshaSetup.Export("7", Path.of("/data/with space")));
        assertThat(setup.recoveryRoot()).as("Ganesha's default").isEqualTo(Path.of("/var/lib/nfs/ganesha"));
        assertThat(setup.gracePeriod()).as("Ganesha's default").isEqualTo(90);
    }

    @Test
    void syntaxErrorsNameTheFileAndLine() {
        assertThatThrownBy(() -> GaneshaConfig.parse("NFSV4 {\n  Grace_Period = 10\n}\n", "g.conf"))
                .hasMessage("g.conf line 3: expected ';' or ',' after the value of 'Grace_Period', got '}'");
        assertThatThrownBy(() -> GaneshaConfig.parse("EXPORT {\n Path = /x;\n", "g.conf"))
                .hasMessage("g.conf line 3: block EXPORT is not closed with '}'");
        assertThatThrownBy(() -> GaneshaConfig.parse("NFSV4 { RecoveryRoot /x; }", "g.conf"))
                .hasMessage("g.conf line 1: expected '{' or '=' after 'RecoveryRoot', got '/x'");
        assertThatThrownBy(() -> GaneshaConfig.parse("%include \"/etc/ganesha/exports.conf\"\n", "g.conf"))
                .hasMessageStartingWith("g.conf line 1: %include is not supported here");
        assertThatThrownBy(() -> GaneshaConfig.parse("}", "g.conf"))
                .hasMessage("g.conf line 1: '}' without a block to close");
    }

    @Test
    void setupsTheResourceCannotFailOverAreRefused() {
        assertThatThrownBy(() -> setup("NFSV4 { RecoveryBackend = rados_ng; } EXPORT { Export_Id = 1; Path = /d; }"))
                .hasMessageStartingWith("ganesha.conf: NFSV4 RecoveryBackend = rados_ng does not keep the client"
                        + " records under RecoveryRoot");
        assertThatThrownBy(() -> setup("NFSV4 { RecoveryRoot = shared/state; } EXPORT { Export_Id = 1; Path = /d; }"))
                .hasMessage("ganesha.conf: RecoveryRoot must be an absolute path, got 'shared/state'");
        assertThatThrownBy(() -> setup("NFSV4 { Grace_Period = ten; } EXPORT { Export_Id = 1; Path = /d; }"))
                .hasMessage("ganesha.conf: NFSV4 Grace_Period must be a number, got 'ten'");
        assertThatThrownBy(() -> setup("EXPORT { Export_Id = 3; Pseudo = /x; }"))
                .hasMessage("ganesha.conf: EXPORT 3 has no Path");
        assertThatThrownBy(() -> setup("NFSV4 { Grace_Period = 10; }"))
                .hasMessage("ganesha.conf: no EXPORT block, nothing to serve");
    }
}
