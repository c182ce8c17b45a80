package org.jheartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.ProcessCommandRunner;

/**
 * The DRBD resource r0 between the two nodes, played by the DRBD 8.4 stand-in that resources-drbd's tests use too
 * (test-support's /standin/drbd-8.4-stand-in.sh: this kernel has no DRBD module). Node "A" of the stand-in is the
 * first cluster node, "B" the second; each gets its own drbdadm wrapper and /proc/drbd view. Both start connected,
 * Secondary and UpToDate; the data itself lives on the shared loop image.
 */
public final class DrbdStandInPair {

    static final String SCRIPT = "/standin/drbd-8.4-stand-in.sh";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;
    private final Path script;

    private DrbdStandInPair(Path directory, Path script) {
        this.directory = directory;
        this.script = script;
    }

    static DrbdStandInPair create(Path directory, String addressA, String addressB) throws IOException {
        Path script = Resources.copyExecutable(SCRIPT, directory);
        StringBuilder state = new StringBuilder("link=up\nresource=r0\nminor=0\n"
                + "net_options='--protocol=C --ping-int=2 --ping-timeout=10 --connect-int=2'\n"
                + "A_addr=" + addressA + ":7789\nB_addr=" + addressB + ":7789\n");
        for (String node : List.of("A", "B")) {
            state.append(node).append("_conn=Connected\n").append(node).append("_role=Secondary\n")
                    .append(node).append("_disk=UpToDate\n").append(node).append("_solo=0\n")
                    .append(node).append("_open=0\n");
            Path wrapper = directory.resolve(node).resolve("drbdadm");
            Files.createDirectories(wrapper.getParent());
            Files.writeString(wrapper, "#!/bin/sh\nexec " + script + " " + node + " drbdadm \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(directory.resolve("state"), state);
        DrbdStandInPair pair = new DrbdStandInPair(directory, script);
        pair.sim("set", "link=up");
        return pair;
    }

    Path script() {
        return script;
    }

    Path drbdadm(String node) {
        return directory.resolve(node).resolve("drbdadm");
    }

    Path procDrbd(String node) {
        return directory.resolve(node + ".proc");
    }

    /** Sets stand-in state, e.g. {@code A_disk=Inconsistent}; the pair handshakes when both wait on a working link. */
    public void set(String... assignments) {
        sim("set", assignments);
    }

    public void link(String upOrDown) {
        sim("link", upOrDown);
    }

    /** A node powered on again: its DRBD comes up and connects (a powered-off node's DRBD is Unconfigured). */
    void attach(String node) throws IOException {
        if (!proc(node).contains(" cs:")) {
            set(node + "_conn=WFConnection", "link=up");
        }
    }

    public String proc(String node) throws IOException {
        return Files.readString(procDrbd(node));
    }

    private void sim(String command, String... arguments) {
        List<String> argv = new ArrayList<>(List.of(script.toString(), "-", "sim", command));
        argv.addAll(Arrays.asList(arguments));
        CommandResult result = new ProcessCommandRunner().run(Command.of(TIMEOUT, argv));
        if (!result.succeeded()) {
            throw new IllegalStateException("DRBD stand-in: " + result.describe());
        }
    }
}
