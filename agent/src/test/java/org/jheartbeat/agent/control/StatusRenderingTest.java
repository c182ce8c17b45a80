package org.jheartbeat.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.jheartbeat.agent.cluster.AwayRestarting;
import org.jheartbeat.agent.cluster.ClusterView;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.ResourceSnapshot;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

class StatusRenderingTest {

    @TempDir
    Path dir;

    @Test
    void runningClusterRendersAsTheGoldenText() throws IOException {
        ClusterConfig config = ClusterStates.reference(dir);
        String text = new StatusText(ZoneOffset.UTC).render(ClusterStates.referenceRunning(config));
        assertThat(text).isEqualTo(golden("running.txt").replace("@DIR@", dir.toString()));
    }

    @Test
    void deadPeerAndStartingGroupRenderAsTheGoldenText() throws IOException {
        ClusterConfig config = ClusterStates.reference(dir);
        String text = new StatusText(ZoneOffset.UTC).render(ClusterStates.referenceSlaveDead(config));
        assertThat(text).isEqualTo(golden("slave-dead.txt").replace("@DIR@", dir.toString()));
    }

    @Test
    void aGroupAStartupCheckRefusedHereSaysWhyAndOfAnotherNodeOnlyThatItFailedThere() throws IOException {
        ClusterConfig config = ClusterStates.reference(dir);
        String group = ClusterStates.REFERENCE_GROUP;
        ClusterView view = new ClusterView("master", Set.of("master", "slave"), "master", Map.of(
                "master", NodeState.idle("master").withFailures(Set.of(group), Set.of(group)),
                "slave", NodeState.idle("slave").withFailed(Set.of(group))), Optional.empty());
        String why = "refused by a startup check: r0: local disk Inconsistent and peer not reachable within"
                + " degr-wfc-timeout 120 s; drbd.conf asks for no action";
        GroupSnapshot refused = new GroupSnapshot(group, RunState.FAILED, ClusterStates.NOW, why, List.of(), 0,
                List.of());

        String text = new StatusText(ZoneOffset.UTC).render(new StatusBuilder(config, "0.1.0", "3f2a9c1b0d4e")
                .build(view, Map.of("eth0", Set.of("master", "slave")), Membership.Standing.CLEAR, List.of(refused),
                        ClusterStates.NOW));

        assertThat(text).contains("  * " + group + ": " + why + "; not run there for now (hbctl resource cleanup "
                + group + " clears it)\n", "  * " + group + ": failed on slave; run there only where no other node"
                + " can, until forgotten 600 s after the failure (hbctl resource cleanup " + group + " clears it)\n");
    }

    /** A peer heard running heartbeat 3: its own line, not counted in the partition, and valid XML. */
    @Test
    void aHeartbeat3NodeHeardIsListedApartAndIsNoMember() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        ClusterView view = new ClusterView("master", Set.of("master"), "master",
                Map.of("master", NodeState.idle("master")), Optional.empty());
        StatusReport report = new StatusBuilder(config, "0.1.0", "3f2a9c1b0d4e").build(view,
                Map.of("eth0", Set.of("master")), new Membership.Standing(Optional.empty(), List.of(), Set.of("slave")),
                List.of(), ClusterStates.NOW);
        assertThat(report.nodes()).extracting(StatusReport.Node::state).containsExactly("online", "heartbeat3");
        assertThat(new StatusText(ZoneOffset.UTC).render(report)).contains("partition with 1 of 2 nodes",
                "  * Online: [ master ]\n  * heartbeat 3 (not a member): [ slave ]\n");
        validate(new StatusXml().render(report));
    }

    /**
     * slave is heard but not a member (a split JGroups has not merged): its own line, not counted in the partition, the
     * state split in JSON and valid XML, and cl_status calls it active, as heartbeat, which has no views, would.
     */
    @Test
    void aNodeHeardOutsideTheViewIsListedAsSplit() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        ClusterView view = new ClusterView("master", Set.of("master"), "master",
                Map.of("master", NodeState.idle("master")), Optional.empty(), Map.of(), Map.of(), Set.of("slave"));
        StatusReport report = new StatusBuilder(config, "0.1.0", "3f2a9c1b0d4e").build(view,
                Map.of("eth0", Set.of("master")), Membership.Standing.CLEAR, List.of(), ClusterStates.NOW);
        assertThat(report.nodes()).extracting(StatusReport.Node::state).containsExactly("online", "split");
        assertThat(new StatusText(ZoneOffset.UTC).render(report)).contains("partition with 1 of 2 nodes",
                "  * Online: [ master ]\n  * Heard but not a member (split: nothing starts or moves): [ slave ]\n");
        assertThat(at(JSON.std.mapFrom(StatusFormat.JSON.render(report)), "nodes", 1).get("state")).isEqualTo("split");
        validate(new StatusXml().render(report));
    }

    /** The group's stop failed here and fencing returned: master still holds it (stopping), and says it is blocked. */
    @Test
    void aGroupBlockedHereAfterAFencingThatReturnedShowsBlockedAndValidates() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        String group = ClusterStates.REFERENCE_GROUP;
        ClusterView view = new ClusterView("master", Set.of("master", "slave"), "master", Map.of(
                "master", ClusterStates.holding("master", group, Holding.STOPPING, 1),
                "slave", NodeState.idle("slave")), Optional.empty());
        List<ResourceSnapshot> resources = config.groups().get(0).resources().stream()
                .map(resource -> new ResourceSnapshot(resource.id(), resource.id().startsWith("Filesystem")
                        ? RunState.BLOCKED : RunState.STARTED, ClusterStates.NOW, Duration.ofMillis(40))).toList();
        GroupSnapshot blocked = new GroupSnapshot(group, RunState.BLOCKED, ClusterStates.NOW, "stop of Filesystem"
                + " failed; fencing returned with the node still up", resources, 0, List.of());

        StatusReport report = new StatusBuilder(config, "0.1.0", "3f2a9c1b0d4e").build(view,
                Map.of("eth0", Set.of("master", "slave")), Membership.Standing.CLEAR, List.of(blocked),
                ClusterStates.NOW);
        String text = new StatusText(ZoneOffset.UTC).render(report);

        assertThat(text).contains("  * Resource Group: " + group + " (preferred master):\tBLOCKED master\n",
                "    * Filesystem::/dev/drbd0::/data::ext3\t(Filesystem):\t BLOCKED master\n");
        validate(new StatusXml().render(report));
    }

    @Test
    void nodesRunningOtherFilesAreNamedWithTheirDigest() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        ClusterView view = new ClusterView("master", Set.of("master", "slave"), "master", Map.of(
                "master", NodeState.idle("master"), "slave", NodeState.idle("slave")), Optional.empty(),
                Map.of("master", "3f2a9c1b0d4e", "slave", "77aa00bb11cc"));
        StatusReport report = new StatusBuilder(config, "0.1.0", "3f2a9c1b0d4e").build(view,
                Map.of("eth0", Set.of("master", "slave")), Membership.Standing.CLEAR, List.of(), ClusterStates.NOW);

        assertThat(report.nodes()).extracting(StatusReport.Node::configDigest)
                .containsExactly("3f2a9c1b0d4e", "77aa00bb11cc");
        assertThat(new StatusText(ZoneOffset.UTC).render(report)).contains("  * Configurations differ: slave runs "
                + "77aa00bb11cc (groups not known everywhere stay where they are until every node has reloaded)\n");
        assertThat(new StatusText(ZoneOffset.UTC).render(ClusterStates.referenceRunning(config)))
                .doesNotContain("differ");
        assertThat(new StatusXml().render(report)).contains("config_digest=\"77aa00bb11cc\"");
        validate(new StatusXml().render(report));
    }

    @Test
    void xmlOfEveryStateIsValidAgainstTheShippedSchema() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        for (StatusReport report : new StatusReport[] {ClusterStates.referenceRunning(config),
                ClusterStates.referenceSlaveDead(config)}) {
            String xml = new StatusXml().render(report);
            validate(xml);
            assertThat(xml).contains("<group id=\"IPaddr::192.168.0.174/24/eth0\" preferred_node=\"master\"");
        }
    }

    /**
     * slave's agent said it restarts in place and is gone from the view: its node is restarting (not offline), with
     * the group held for it and until when, in the text, JSON and XML alike.
     */
    @Test
    void aPeerAwayRestartingInPlaceShowsItsHeldGroupsAndUntilWhen() throws Exception {
        String group = ClusterStates.REFERENCE_GROUP;
        StatusReport report = withSlaveAway(new AwayRestarting(Set.of(group), Duration.ofSeconds(25)));

        assertThat(report.nodes()).extracting(StatusReport.Node::state).containsExactly("online", "restarting");
        assertThat(report.nodes().get(1).restarting())
                .isEqualTo(new StatusReport.Restarting(List.of(group), "2026-11-25T18:44:43Z"));
        assertThat(report.nodes().get(0).restarting()).isNull();
        assertThat(new StatusText(ZoneOffset.UTC).render(report)).contains("partition with 1 of 2 nodes",
                "  * Online: [ master ]\n  * Restarting in place (not a member): [ slave ]\n",
                "Held for nodes restarting in place, or whose guard stops their groups (started nowhere else until they"
                        + " are back or released):\n  * slave: " + group + " until Wed Nov 25 18:44:43 2026\n");
        Map<String, Object> json = JSON.std.mapFrom(StatusFormat.JSON.render(report));
        assertThat(at(json, "nodes", 1).get("state")).isEqualTo("restarting");
        Map<?, ?> held = (Map<?, ?>) at(json, "nodes", 1).get("restarting");
        assertThat(held.get("heldGroups")).isEqualTo(List.of(group));
        assertThat(held.get("heldUntil")).isEqualTo("2026-11-25T18:44:43Z");
        String xml = new StatusXml().render(report);
        assertThat(xml).contains("<restarting held_until=\"2026-11-25T18:44:43Z\">",
                "<held_group id=\"" + group + "\"/>");
        validate(xml);
    }

    /**
     * slave's agent died and its guard said it stops its groups: slave is releasing (not offline, nor restarting), its
     * groups held for it and until when.
     */
    @Test
    void aPeerWhoseGuardReleasesItsGroupsShowsThemHeld() throws Exception {
        String group = ClusterStates.REFERENCE_GROUP;
        StatusReport report = withSlaveAway(new AwayRestarting(Set.of(group), Duration.ofSeconds(25),
                true));

        assertThat(report.nodes()).extracting(StatusReport.Node::state).containsExactly("online", "releasing");
        assertThat(new StatusText(ZoneOffset.UTC).render(report)).contains("partition with 1 of 2 nodes",
                "  * Agent dead, its guard stopping its groups (not a member): [ slave ]\n",
                "  * slave: " + group + " until Wed Nov 25 18:44:43 2026\n");
        validate(new StatusXml().render(report));
    }

    /** slave's group whose stop failed there and stays BLOCKED shows so on master, which only heard it from slave. */
    @Test
    void aGroupBlockedOnAPeerShowsBlockedThere() throws Exception {
        String group = ClusterStates.REFERENCE_GROUP;
        ClusterView view = new ClusterView("master", Set.of("master", "slave"), "master",
                Map.of("master", NodeState.idle("master"), "slave",
                        NodeState.idle("slave").withHolding(group, Holding.STOPPING)),
                Optional.empty(), Map.of(), Map.of(), Set.of(), Map.of("slave", Set.of(group)));
        StatusReport report = new StatusBuilder(ClusterStates.reference(dir), "0.1.0", "3f2a9c1b0d4e").build(view,
                Map.of("eth0", Set.of("master", "slave")), Membership.Standing.CLEAR, List.of(), ClusterStates.NOW);

        assertThat(report.groups()).singleElement().satisfies(shown -> {
            assertThat(shown.state()).isEqualTo("blocked");
            assertThat(shown.node()).isEqualTo("slave");
        });
        assertThat(new StatusText(ZoneOffset.UTC).render(report)).contains("(preferred master):\tBLOCKED slave\n");
        validate(new StatusXml().render(report));
    }

    /** master's status while slave, gone from its view, has its groups held for it. */
    private StatusReport withSlaveAway(AwayRestarting away) throws Exception {
        ClusterView view = new ClusterView("master", Set.of("master"), "master",
                Map.of("master", NodeState.idle("master")), Optional.empty(), Map.of(), Map.of("slave", away));
        return new StatusBuilder(ClusterStates.reference(dir), "0.1.0", "3f2a9c1b0d4e").build(view,
                Map.of("eth0", Set.of("master")), Membership.Standing.CLEAR, List.of(), ClusterStates.NOW);
    }

    @Test
    void xmlSchemaRejectsAStateOutsideItsVocabulary() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        String xml = new StatusXml().render(ClusterStates.referenceRunning(config)).replace("state=\"started\"",
                "state=\"running\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validate(xml)).isInstanceOf(SAXException.class);
    }

    @Test
    void jsonParsesBackToTheSameReport() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        StatusReport report = ClusterStates.referenceRunning(config);
        String json = ControlProtocol.encode(report);
        assertThat(ControlProtocol.decode(json, StatusReport.class)).isEqualTo(report);
        assertThat(json).startsWith("{\"schema\":1,\"stack\":").doesNotContain("null");
        Map<String, Object> tree = JSON.std.mapFrom(json);
        assertThat(tree.get("schema")).isEqualTo(1);
        assertThat(at(tree, "groups", 0).get("node")).isEqualTo("master");
        assertThat((List<?>) at(tree, "groups", 0).get("resources")).hasSize(4);
        assertThat(at(at(tree, "nodes", 1), "links", 0).get("up")).isEqualTo(true);
        assertThat(at(tree, "failedActions", 0).get("resource")).isEqualTo("drbddisk::r0");
    }

    private static Map<?, ?> at(Map<?, ?> object, String field, int index) {
        return (Map<?, ?>) ((List<?>) object.get(field)).get(index);
    }

    private static void validate(String xml) throws SAXException, IOException {
        try (InputStream xsd = StatusXml.class.getResourceAsStream("status.xsd")) {
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new StreamSource(xsd))
                    .newValidator().validate(new StreamSource(new StringReader(xml)));
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = StatusRenderingTest.class.getResourceAsStream("/status/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
