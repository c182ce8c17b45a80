package org.jheartbeat.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The package's agent as a node of a two-node cluster whose peer never comes, on loopback, its group a resource.d
 * script that touches a marker file while it runs.
 *
 * @param agent  the running agent
 * @param socket its control socket
 * @param marker the file its group's script keeps while the group runs
 * @param log    the agent's standard output and error
 */
record LoopbackAgent(Process agent, Path socket, Path marker, Path log) {

    /** Writes the node's files under {@code scratch} and starts the agent of the package unpacked in {@code root}. */
    static LoopbackAgent start(Path scratch, Path root) throws IOException {
        Path haD = scratch.resolve("ha.d");
        Files.createDirectories(haD.resolve("resource.d"));
        Files.writeString(haD.resolve("ha.cf"), "udpport " + ThreadLocalRandom.current().nextInt(20000, 40000)
                + "\nucast lo 127.0.0.2\nkeepalive 200ms\ndeadtime 2\ninitdead 2\nnode trainer peer\n"
                + "auto_failback off\nlogfile " + scratch.resolve("ha-log") + "\n");
        Files.writeString(haD.resolve("haresources"), "trainer marker\n");
        Files.writeString(haD.resolve("authkeys"), "auth 1\n1 sha1 loopback-agent\n");
        Files.setPosixFilePermissions(haD.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));
        Path marker = scratch.resolve("marker");
        Path script = haD.resolve("resource.d/marker");
        Files.writeString(script, "#!/bin/sh\ncase \"$1\" in\n start) touch " + marker + " ;;\n stop) rm -f " + marker
                + " ;;\n status) if [ -e " + marker + " ]; then echo running; else echo stopped; fi ;;\nesac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = scratch.resolve("control.sock");
        Path settings = scratch.resolve("jheartbeat.conf");
        Files.writeString(settings, "jheartbeat.control-socket = \"" + socket + "\"\n"
                + "jheartbeat.transport.generation-file = \"" + scratch.resolve("hb_generation") + "\"\n"
                + "jheartbeat.metrics.jmx = false\n");
        Path log = scratch.resolve("agent.log");
        Process agent = new ProcessBuilder(root.resolve("usr/sbin/jheartbeat").toString(), "--config-dir",
                haD.toString(), "--node", "trainer", "--settings", settings.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new LoopbackAgent(agent, socket, marker, log);
    }

    /** Whether the group runs within {@code limit}, the agent still alive. */
    boolean awaitGroupRunning(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!Files.exists(marker) && agent.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return Files.exists(marker) && agent.isAlive();
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    /** Stops the agent as systemd would, then for good. */
    void stop() throws InterruptedException {
        agent.destroy();
        if (!agent.waitFor(30, TimeUnit.SECONDS)) {
            agent.destroyForcibly();
        }
    }
}
