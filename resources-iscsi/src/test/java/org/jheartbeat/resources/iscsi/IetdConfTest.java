package org.jheartbeat.resources.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IetdConfTest {

    /** The seed's /etc/ietd.conf exactly as the howto prints it (trailing blank after the name included). */
    private static final String SEED = """
            Target iqn.2001-04.com.example:storage.disk2.sys1.xyz\s
            Lun 0 Path=/home/iSCSI/LUN0,Type=fileio
            Lun 1 Path=/home/iSCSI/LUN1,Type=fileio
            Lun 2 Path=/home/iSCSI/LUN2,Type=fileio
            """;

    @Test
    void seedsFileDefinesOneTargetWithThreeFileioLuns() {
        IetdConf.Parsed parsed = IetdConf.parse(SEED, "/etc/ietd.conf");

        assertThat(parsed.targets()).singleElement().satisfies(target -> {
            assertThat(target.name().value()).isEqualTo(Targets.SEED_IQN);
            assertThat(target.luns()).containsExactly(new Lun(0, "/home/iSCSI/LUN0", LunType.FILEIO),
                    new Lun(1, "/home/iSCSI/LUN1", LunType.FILEIO), new Lun(2, "/home/iSCSI/LUN2", LunType.FILEIO));
            assertThat(target.incomingUser()).isEmpty();
            assertThat(target.origin()).isEqualTo("/etc/ietd.conf:1");
        });
        assertThat(parsed.ignored()).isEmpty();
    }

    @Test
    void sampleConfigurationShippedInEtcParses() throws IOException {
        Path sample = Path.of("../etc/ietd.conf");

        IetdConf.Parsed parsed = IetdConf.parse(Files.readString(sample), sample.toString());

        assertThat(parsed.targets()).singleElement().satisfies(target ->
                assertThat(target.luns()).extracting(Lun::path)
                        .containsExactly("/data/iSCSI/LUN0", "/data/iSCSI/LUN1", "/data/iSCSI/LUN2"));
    }

    @Test
    void manPageExampleKeepsLunsAndAccountAndListsTuningAsIgnored() {
        String text = """
                # global part: discovery accounts
                IncomingUser joe secretsecret1
                Target iqn.2001-04.com.example:storage.disk2.sys1.xyz
                \tIncomingUser jim othersecret12
                \tLun 0 Path=/dev/sdc,Type=blockio,ScsiId=xyz
                \tLun 1 Path=/srv/lun1,\\
                \t  Type=fileio
                \tAlias Test
                \tMaxConnections 1
                Target iqn.2004-07.com.example.host:storage.disk2
                \tLun 0 Path=/srv/other
                """;

        IetdConf.Parsed parsed = IetdConf.parse(text, "ietd.conf");

        assertThat(parsed.targets()).hasSize(2);
        IetdConf.Target first = parsed.targets().get(0);
        assertThat(first.luns()).containsExactly(new Lun(0, "/dev/sdc", LunType.BLOCKIO),
                new Lun(1, "/srv/lun1", LunType.FILEIO));
        assertThat(first.incomingUser()).contains(new ChapAccount("jim", "othersecret12"));
        assertThat(parsed.ignored()).containsExactly(
                "ietd.conf:2: global IncomingUser (discovery and defaults are not carried over)",
                "ietd.conf:5: Lun 0 ScsiId=xyz",
                "ietd.conf:8: Alias of target " + Targets.SEED_IQN + " (the backend's default applies)",
                "ietd.conf:9: MaxConnections of target " + Targets.SEED_IQN + " (the backend's default applies)");
        assertThat(parsed.targets().get(1).luns()).containsExactly(new Lun(0, "/srv/other", LunType.FILEIO));
    }

    @Test
    void everyMistakeNamesFileAndLine() {
        List.of(
                List.of("Target iqn.2001-04.com.example:a\nLun 0 Path=/a,Type=nullio\n", "f:2: Lun 0: LUN type 'nullio'"),
                List.of("Target iqn.2001-04.com.example:a\nLun 0 Type=fileio\n", "f:2: Lun 0 has no Path="),
                List.of("Target iqn.2001-04.com.example:a\nLun x Path=/a\n", "f:2: Lun needs a number, got 'x'"),
                List.of("Target iqn.2001-04.com.example:a\nLun 0 Path=relative\n", "f:2: LUN 0 path 'relative' is not absolute"),
                List.of("Target iqn.2001-04.com.example:a\nLun 0 Path=/a\nOutgoingUser u secretsecret12\n", "f:3: OutgoingUser"),
                List.of("Target iqn.2001-04.com.example:a\nLun 0 Path=/a\nFrobnicate 1\n", "f:3: unknown keyword 'Frobnicate'"),
                List.of("Target iqn.2001-04.com.example:a\n\n", "f:1: target iqn.2001-04.com.example:a has no Lun"),
                List.of("Target IQN.2001-04.com.example:a\nLun 0 Path=/a\n", "f:1: iSCSI name IQN.2001-04.com.example:a must be lower case"),
                List.of("Lun 0 Path=/a\n", "f:1: 'Lun' before the first Target"),
                List.of("Target iqn.2001-04.com.example:a\nLun 0 Path=/a\nIncomingUser u short\n", "f:3: CHAP secret of user u"),
                List.of("Target iqn.2001-04.com.example:a\nLun 0 Path=/a\nTarget iqn.2001-04.com.example:a\nLun 0 Path=/b\n",
                        "f:3: target iqn.2001-04.com.example:a defined twice"))
                .forEach(example -> assertThatThrownBy(() -> IetdConf.parse(example.get(0), "f"))
                        .as(example.get(0))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(example.get(1)));
    }
}
