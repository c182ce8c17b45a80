package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code hbctl config check} and the agent's start-up log learn from drbddisk without running anything:
 * drbdadm missing, a resource drbd.conf does not define, a resource without a fencing policy.
 */
class DrbdDiskPreflightTest {

    @TempDir
    Path dir;

    private final FakeCommandRunner runner = new FakeCommandRunner();

    private List<String> preflight(String token, String drbdadm, String drbdConf) throws IOException,
            InvalidResourceException {
        Path conf = Files.writeString(dir.resolve("drbd.conf"), drbdConf);
        Config settings = ConfigFactory.parseMap(Map.of("drbd.config", conf.toString(), "drbd.drbdadm", drbdadm))
                .withFallback(ConfigFactory.defaultReference().getConfig("jheartbeat.resources"));
        ResourceContext context = new ResourceContext("alpha", runner, new LinuxHost(), new FakeNetwork(),
                new RecordingFencer(),
                settings);
        return new DrbdDiskType().create(ResourceSpec.parse(token), context).preflight();
    }

    private static String resource(String name, String sections) {
        return "resource " + name + " {\n" + sections + "  on alpha { device /dev/drbd0; disk /dev/sdb1; "
                + "address 10.0.0.1:7788; meta-disk internal; }\n"
                + "  on beta { device /dev/drbd0; disk /dev/sdb1; address 10.0.0.2:7788; meta-disk internal; }\n}\n";
    }

    @Test
    void aResourceWithAFencingPolicyInstalledAndDefinedHasNoFinding() throws Exception {
        assertThat(preflight("drbddisk::r0", "/bin/sh", resource("r0", "  disk { fencing resource-only; }\n")))
                .isEmpty();
        assertThat(preflight("drbddisk::r0", "/bin/sh", "common { net { fencing resource-and-stonith; } }\n"
                + resource("r0", ""))).as("DRBD 9 puts it in net, and common gives it to every resource").isEmpty();
        assertThat(runner.calls()).isEmpty();
    }

    @Test
    void withoutAFencingPolicyEachResourceIsNamed() throws Exception {
        assertThat(preflight("drbddisk", "/bin/sh", resource("r0", "  disk { on-io-error detach; }\n")
                + resource("r1", "  disk { fencing dont-care; }\n")))
                .satisfiesExactly(
                        r0 -> assertThat(r0).startsWith("DRBD resource r0 (" + dir.resolve("drbd.conf")
                                + ":1) has no fencing policy: when only the replication link fails"),
                        r1 -> assertThat(r1).startsWith("DRBD resource r1 (" + dir.resolve("drbd.conf")
                                + ":6) has no fencing policy (fencing dont-care)"));
    }

    @Test
    void aResourceDrbdConfDoesNotDefineAndAMissingDrbdadmAreNamed() throws Exception {
        assertThat(preflight("drbddisk::r9", "/usr/lib/jheartbeat-test/drbdadm",
                resource("r0", "  disk { fencing resource-only; }\n"))).containsExactly(
                "/usr/lib/jheartbeat-test/drbdadm is not installed here (package drbd-utils): promoting fails "
                        + "without it",
                dir.resolve("drbd.conf") + " (with its includes) defines no resource r9; it defines: r0: promoting "
                        + "fails until it does");
    }
}
