package org.jheartbeat.resources.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.ResourceSpec;
import org.junit.jupiter.api.Test;

class TargetArgumentsTest {

    private static final String TWO_TARGETS = """
            Target iqn.2001-04.com.example:storage.disk2.sys1.xyz
            \tLun 0 Path=/data/iSCSI/LUN0,Type=fileio
            Target iqn.2001-04.com.example:second
            \tLun 0 Path=/data/iSCSI/second
            """;

    private static TargetArguments parse(String token, String fileText) throws InvalidResourceException {
        return TargetArguments.parse(ResourceSpec.parse(token), path -> {
            if (fileText == null) {
                throw new NoSuchFileException(path);
            }
            return fileText;
        });
    }

    @Test
    void inlineTokenNumbersLunsInOrderWithOptionalTypePrefix() throws Exception {
        TargetArguments arguments = parse("iSCSITarget::" + Targets.SEED_IQN
                + "::/data/iSCSI/LUN0,blockio:/dev/vg0/lun1,fileio:/data/iSCSI/LUN2::allow=10.0.0.0/24,iqn.1993-08.org.debian:01:abc",
                null);

        assertThat(arguments.name().value()).isEqualTo(Targets.SEED_IQN);
        assertThat(arguments.luns()).containsExactly(new Lun(0, "/data/iSCSI/LUN0", LunType.FILEIO),
                new Lun(1, "/dev/vg0/lun1", LunType.BLOCKIO), new Lun(2, "/data/iSCSI/LUN2", LunType.FILEIO));
        assertThat(arguments.allow()).contains(List.of(AllowedInitiator.parse("10.0.0.0/24"),
                AllowedInitiator.parse("iqn.1993-08.org.debian:01:abc")));
    }

    @Test
    void ietdConfTokenTakesTheFilesOnlyTarget() throws Exception {
        TargetArguments arguments = parse("iSCSITarget::/etc/ietd.conf",
                "Target " + Targets.SEED_IQN + "\nLun 0 Path=/data/iSCSI/LUN0,Type=fileio\nIncomingUser u twelvechars1\n");

        assertThat(arguments.luns()).containsExactly(new Lun(0, "/data/iSCSI/LUN0", LunType.FILEIO));
        assertThat(arguments.chap()).contains(new ChapAccount("u", "twelvechars1"));
        assertThat(arguments.allow()).isEmpty();
        assertThat(arguments.origin()).isEqualTo("/etc/ietd.conf:1");
    }

    @Test
    void ietdConfWithSeveralTargetsNeedsTheNameInTheToken() throws Exception {
        assertThat(parse("iSCSITarget::/etc/ietd.conf::iqn.2001-04.com.example:second", TWO_TARGETS).luns())
                .extracting(Lun::path).containsExactly("/data/iSCSI/second");
        assertThatThrownBy(() -> parse("iSCSITarget::/etc/ietd.conf", TWO_TARGETS))
                .hasMessageContaining("/etc/ietd.conf defines 2 targets")
                .hasMessageContaining("iSCSITarget::/etc/ietd.conf::IQN");
        assertThatThrownBy(() -> parse("iSCSITarget::/etc/ietd.conf::iqn.2001-04.com.example:third", TWO_TARGETS))
                .hasMessageContaining("/etc/ietd.conf has no target iqn.2001-04.com.example:third");
    }

    @Test
    void badTokensAreRejectedNamingTheResourceAndTheArgument() {
        List.of(
                List.of("iSCSITarget", "expected iSCSITarget::IQN::LUN-PATH"),
                List.of("iSCSITarget::iqn.2001-04.com.example:a", "got 1 argument(s)"),
                List.of("iSCSITarget::iqn.2001-13.com.example:a::/a", "is not an iSCSI name"),
                List.of("iSCSITarget::storage1::/a", "'storage1' is not an iSCSI name"),
                List.of("iSCSITarget::iqn.2001-04.com.example:a::/a,,/b", "LUN entry ''"),
                List.of("iSCSITarget::iqn.2001-04.com.example:a::nullio:/a", "LUN type 'nullio'"),
                List.of("iSCSITarget::iqn.2001-04.com.example:a::/a,/a", "/a backs two LUNs"),
                List.of("iSCSITarget::iqn.2001-04.com.example:a::/a::allow=10.0.0.300", "bad address 10.0.0.300"),
                List.of("iSCSITarget::iqn.2001-04.com.example:a::/a::allow=10.0.0.0/33", "prefix longer than 32"),
                List.of("iSCSITarget::iqn.2001-04.com.example:a::/a::allow=ALL,10.0.0.1", "is ambiguous"),
                List.of("iSCSITarget::iqn.2001-04.com.example:a::/a::allow=somehost", "'somehost' is not ALL"),
                List.of("iSCSITarget::/etc/ietd.conf", "cannot read /etc/ietd.conf"))
                .forEach(example -> assertThatThrownBy(() -> Targets.agent(example.get(0), "", null))
                        .as(example.get(0))
                        .isInstanceOf(InvalidResourceException.class)
                        .hasMessageStartingWith(example.get(0) + ": ")
                        .hasMessageContaining(example.get(1)));
    }

    @Test
    void iscsiNamesFollowRfc3720() {
        List.of("iqn.2001-04.com.example", "iqn.2001-04.com.example:storage:diskarrays-sn-a8675309",
                "eui.02004567a425678d", "naa.52004567ba64678d", "naa.52004567ba64678d52004567ba64678d")
                .forEach(name -> assertThat(new IscsiName(name).value()).isEqualTo(name));
        List.of("iqn.2001-4.com.example", "iqn.2001-04.", "iqn.2001-04.-com", "eui.02004567a425678", "iqn",
                "iqn.2001-04.com.example:" + "x".repeat(200))
                .forEach(name -> assertThatThrownBy(() -> new IscsiName(name)).as(name)
                        .isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void chapSecretIsNeverPrinted() {
        assertThat(new ChapAccount("jhbuser", "jhbsecret12x").toString()).doesNotContain("jhbsecret12x");
        assertThat(Optional.of(new ChapAccount("jhbuser", "jhbsecret12x")).toString()).doesNotContain("secret12x");
    }
}
