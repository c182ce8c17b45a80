package org.jheartbeat.resources.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Set;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.Test;

/**
 * What {@code hbctl config check} learns from an iSCSI target without running anything: whether the tool of the
 * backend it may use is installed.
 */
class IscsiTargetPreflightTest {

    private static final String TOKEN = "iSCSITarget::" + Targets.SEED_IQN + "::blockio:/dev/drbd1";

    private final FakeCommandRunner runner = new FakeCommandRunner();

    private List<String> preflight(String backend, Set<String> installedTools) throws Exception {
        return new IscsiTargetType(path -> {
            throw new NoSuchFileException(path);
        }, installedTools::contains).create(ResourceSpec.parse(TOKEN), new ResourceContext("node-a", runner,
                new FakeHost(), new FakeNetwork(),
                new RecordingFencer(), Targets.settings("backend = " + backend))).preflight();
    }

    @Test
    void theChosenBackendsToolInstalledGivesNoFinding() throws Exception {
        assertThat(preflight("tgt", Set.of("tgtadm"))).isEmpty();
        assertThat(preflight("auto", Set.of("targetcli"))).as("auto takes any backend").isEmpty();
        assertThat(runner.calls()).isEmpty();
    }

    @Test
    void theChosenBackendsToolMissingIsNamedEvenWhenAnotherIsInstalled() throws Exception {
        assertThat(preflight("lio", Set.of("tgtadm"))).containsExactly("targetcli is not installed here (package"
                + " targetcli-fb): the lio backend the settings choose fails to start the target without it");
    }

    @Test
    void withAutoAndNoToolAtAllEveryBackendsToolIsNamed() throws Exception {
        assertThat(preflight("auto", Set.of())).containsExactly("no iSCSI target tool is installed here (ietadm:"
                + " IET's iscsitarget, not packaged for Debian 12; tgtadm: package tgt; targetcli: package"
                + " targetcli-fb): starting the target fails without one");
    }
}
