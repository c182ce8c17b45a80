package org.jheartbeat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jheartbeat.resource.ResourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaResourcesParserTest {

    @TempDir
    Path dir;

    private Problems problems;

    private List<ResourceGroup> parse(String text) throws IOException {
        Path file = dir.resolve("haresources");
        Files.writeString(file, text);
        problems = new Problems();
        return HaResourcesParser.parse(file, List.of("master", "slave"), problems);
    }

    private List<String> errors() {
        return problems.list().stream().filter(ConfigProblem::isError)
                .map(p -> p.toString().substring(dir.toString().length() + 1)).toList();
    }

    @Test
    void readsTheSeedsGroupInOrder() throws IOException {
        List<ResourceGroup> groups = parse("MASTER  IPaddr::192.168.0.174/24/eth0 drbddisk::r0   "
                + "Filesystem::/dev/drbd0::/data::ext3 nfs-kernel-server\n");

        assertThat(errors()).isEmpty();
        assertThat(groups).hasSize(1);
        ResourceGroup group = groups.get(0);
        assertThat(group.preferredNode()).isEqualTo("master");
        assertThat(group.id()).isEqualTo("IPaddr::192.168.0.174/24/eth0");
        assertThat(group.resources()).extracting(ConfiguredResource::spec).containsExactly(
                new ResourceSpec("IPaddr", List.of("192.168.0.174/24/eth0")),
                new ResourceSpec("drbddisk", List.of("r0")),
                new ResourceSpec("Filesystem", List.of("/dev/drbd0", "/data", "ext3")),
                new ResourceSpec("nfs-kernel-server", List.of()));
    }

    @Test
    void joinsContinuationLinesAndSkipsComments() throws IOException {
        List<ResourceGroup> groups = parse("""
                # the NFS group
                master 10.0.0.1 \\
                       drbddisk::r0 \\   
                       Filesystem::/dev/drbd0::/data::ext3   # mounted at /data
                
                slave 10.0.0.2/24/eth1 httpd
                """);

        assertThat(errors()).isEmpty();
        assertThat(groups).extracting(ResourceGroup::id).containsExactly("IPaddr::10.0.0.1", "IPaddr::10.0.0.2/24/eth1");
        assertThat(groups.get(0).resources()).hasSize(3);
        assertThat(groups.get(0).location().line()).isEqualTo(2);
        assertThat(groups.get(1).location().line()).isEqualTo(6);
        assertThat(groups.get(1).resources().get(1).spec()).isEqualTo(new ResourceSpec("httpd", List.of()));
    }

    @Test
    void bareAddressMeansIpaddrAsInHeartbeat() throws IOException {
        List<ResourceGroup> groups = parse("master 192.168.1.10/24/eth0/192.168.1.255\n");

        assertThat(groups.get(0).resources().get(0).spec())
                .isEqualTo(new ResourceSpec("IPaddr", List.of("192.168.1.10/24/eth0/192.168.1.255")));
    }

    @Test
    void preferredNodeMustBeAHaCfNode() throws IOException {
        List<ResourceGroup> groups = parse("server1 IPaddr::10.0.0.1 httpd\n");

        assertThat(groups).isEmpty();
        assertThat(errors()).containsExactly("haresources:1: preferred node 'server1' is not a node of ha.cf "
                + "(master, slave): the first word of a haresources line must be one of them, as uname -n prints it");
    }

    @Test
    void aResourceBelongsToOneGroupOnly() throws IOException {
        parse("master 10.0.0.1 drbddisk::r0\nslave 10.0.0.2 drbddisk::r0\n");

        assertThat(errors()).containsExactly("haresources:2: resource drbddisk::r0 is already in the group on line 1: "
                + "a resource can belong to one group only");
    }

    @Test
    void nodeWithoutResourcesAndTypelessResourceAreErrors() throws IOException {
        parse("master\nslave ::r0\n");

        assertThat(errors()).containsExactly(
                "haresources:1: node master is given no resources: list them after the node name",
                "haresources:2: resource '::r0' has no type before '::'");
    }

    @Test
    void danglingContinuationAtTheEndIsKeptWithAWarning() throws IOException {
        List<ResourceGroup> groups = parse("master 10.0.0.1 \\");

        assertThat(groups).hasSize(1);
        assertThat(problems.list()).singleElement().asString().contains("warning: the last line ends in \\");
    }
}
