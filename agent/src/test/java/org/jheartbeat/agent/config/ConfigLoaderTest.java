package org.jheartbeat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static List<String> relative(List<ConfigProblem> problems, Path dir) {
        return problems.stream().map(p -> p.toString().replace(dir + "/", "")).toList();
    }

    /** Copies the seed's three files verbatim, with authkeys at mode 600 as the seed's instructions say. */
    private ConfigDir seed() throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource("/seed/ha.cf").toURI()).getParent();
        for (String name : List.of("ha.cf", "haresources", "authkeys")) {
            Files.copy(source.resolve(name), dir.resolve(name));
        }
        Files.setPosixFilePermissions(dir.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));
        return new ConfigDir(dir);
    }

    @Test
    void theSeedsMistakeIsCaught() throws Exception {
        ConfigLoader.Result result = seed().load("MASTER");

        assertThat(result.config()).isEmpty();
        assertThat(relative(result.errors(), dir)).containsExactly("haresources:1: preferred node 'server1' is not "
                + "a node of ha.cf (master, slave): the first word of a haresources line must be one of them, as "
                + "uname -n prints it");
    }

    @Test
    void theSeedPassesOnceCorrected() throws Exception {
        ConfigDir seed = seed();
        seed.haresources(Files.readString(seed.file("haresources")).replace("server1", "MASTER"));

        ConfigLoader.Result result = seed.load("MASTER");

        assertThat(result.errors()).isEmpty();
        ClusterConfig config = result.config().orElseThrow();
        assertThat(config.localNode()).isEqualTo("master");
        assertThat(config.haCf().nodes()).containsExactly("master", "slave");
        assertThat(config.groups()).singleElement().satisfies(group -> {
            assertThat(group.preferredNode()).isEqualTo("master");
            assertThat(group.resources()).extracting(ConfiguredResource::id).containsExactly(
                    "IPaddr::192.168.xxx.xxx/24/eth0", "drbddisk::r0", "Filesystem::/dev/drbd0::/data::ext3",
                    "nfs-kernel-server");
        });
        assertThat(config.authKeys().active().method()).isEqualTo(AuthKeys.Method.MD5);
        assertThat(relative(result.warnings(), dir)).containsExactly(
                "ha.cf: warning: auto_failback is not set and defaults to legacy, which fails back like on; write "
                        + "auto_failback on (or off) to say which you mean");
    }

    @Test
    void thisNodeMustBeListed() {
        ConfigLoader.Result result = ConfigDir.valid(dir).load("gamma");

        assertThat(relative(result.errors(), dir)).containsExactly("ha.cf: this node 'gamma' is not a node of ha.cf "
                + "(master, slave): add it to a node line, as uname -n prints it");
    }

    @Test
    void nodeinfoNamesThisNodeAsInHeartbeat() throws IOException {
        ConfigDir config = ConfigDir.valid(dir).write("nodeinfo", "Slave\n");

        ConfigLoader.Result result = new ConfigLoader(getClass().getClassLoader()).load(
                ConfigSources.defaults().withConfigDir(dir).withSettingsFile(dir.resolve("none.conf")));

        assertThat(result.errors()).isEmpty();
        assertThat(result.config().orElseThrow().localNode()).isEqualTo("slave");
        assertThat(config.path()).isEqualTo(dir);
    }

    @Test
    void everyFilesErrorsAreReportedTogether() {
        ConfigDir config = new ConfigDir(dir).haCf("keepalive x\nbcast eth0\nnode master\n")
                .haresources("nobody 10.0.0.1\n").authkeys("auth 1\n").settings("jheartbeat.nope = 1\n");

        ConfigLoader.Result result = config.load("master");

        assertThat(result.config()).isEmpty();
        assertThat(relative(result.errors(), dir)).containsExactly(
                "authkeys:1: auth 1 names no key: add a line '1 sha1 SECRET'",
                "ha.cf:1: keepalive 'x' is not a time: write seconds (2, 1.5) or milliseconds (500ms)",
                "haresources:1: preferred node 'nobody' is not a node of ha.cf (master): the first word of a "
                        + "haresources line must be one of them, as uname -n prints it",
                "jheartbeat.conf:1: unknown setting jheartbeat.nope");
    }

    @Test
    void missingHaresourcesIsAWarningOnly() throws IOException {
        ConfigDir config = ConfigDir.valid(dir);
        Files.delete(config.file("haresources"));

        ConfigLoader.Result result = config.load("master");

        assertThat(result.config()).isPresent();
        assertThat(result.config().get().groups()).isEmpty();
        assertThat(relative(result.warnings(), dir)).contains("haresources: warning: no haresources: this cluster "
                + "runs no resources");
    }

    @Test
    void searchesHaDThenTheOlderDebianDirectory() throws IOException {
        Path haD = Files.createDirectory(dir.resolve("ha.d"));
        Path heartbeat = Files.createDirectory(dir.resolve("heartbeat"));
        List<Path> searchPath = List.of(haD, heartbeat);
        ConfigSources sources = ConfigSources.defaults();

        assertThat(sources.resolveConfigDir(searchPath)).isEmpty();
        Files.writeString(heartbeat.resolve("ha.cf"), "");
        assertThat(sources.resolveConfigDir(searchPath)).contains(heartbeat);
        Files.writeString(haD.resolve("ha.cf"), "");
        assertThat(sources.resolveConfigDir(searchPath)).contains(haD);
        assertThat(sources.withConfigDir(dir).resolveConfigDir(searchPath)).contains(dir);
    }

    @Test
    void missingDirectoryIsOneClearError() {
        ConfigLoader.Result result = new ConfigLoader(getClass().getClassLoader())
                .load(ConfigSources.defaults().withConfigDir(dir.resolve("nothing")).withLocalNode("a"));

        assertThat(result.errors()).extracting(ConfigProblem::toString)
                .containsExactly(dir.resolve("nothing") + ": configuration directory does not exist");
    }
}
