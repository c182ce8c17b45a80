package org.jheartbeat.agent.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigSources;

/**
 * The files of node alpha of a two-node cluster on loopback whose peer beta never comes ({@code ucast lo 127.0.0.2},
 * keepalive 500 ms, deadtime 3 s), written under a test's directory: {@code ha.d}, {@code jheartbeat.conf} with the
 * control socket in {@code run/}, and the configuration they load to.
 */
final class LoopbackAgentFiles {

    private LoopbackAgentFiles() {
    }

    /** @param settings further jheartbeat.conf lines */
    static ClusterConfig write(Path dir, int udpPort, String haresources, String settings) throws IOException {
        Path etc = dir.resolve("ha.d");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("ha.cf"), """
                udpport %d
                ucast lo 127.0.0.2
                keepalive 500ms
                deadtime 3
                initdead 3
                node alpha beta
                auto_failback off
                logfile %s
                """.formatted(udpPort, dir.resolve("ha-log")));
        Files.writeString(etc.resolve("haresources"), haresources);
        Files.writeString(etc.resolve("authkeys"), "auth 1\n1 sha1 test\n");
        Files.setPosixFilePermissions(etc.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("jheartbeat.conf"), """
                jheartbeat.control-socket = "%s"
                jheartbeat.transport.generation-file = "%s"
                jheartbeat.metrics.jmx = false
                %s
                """.formatted(controlSocket(dir), dir.resolve("hb_generation"), settings));
        return load(dir);
    }

    /** The configuration of the files {@link #write} left under {@code dir}, as the agent reads them. */
    static ClusterConfig load(Path dir) {
        ClassLoader loader = LoopbackAgentFiles.class.getClassLoader();
        ConfigLoader.Result loaded = new ConfigLoader(loader).load(ConfigSources.defaults()
                .withConfigDir(dir.resolve("ha.d")).withSettingsFile(dir.resolve("jheartbeat.conf"))
                .withLocalNode("alpha"));
        return loaded.config().orElseThrow(() -> new AssertionError(loaded.errors()));
    }

    static Path controlSocket(Path dir) {
        return dir.resolve("run/control.sock");
    }
}
