package org.jheartbeat.drbd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two simulated DRBD 8.4 nodes, A and B, behind drbdadm replacements and /proc/drbd views
 * (src/test/resources/standin/drbd-8.4-stand-in.sh says what is simulated). Test code only: this kernel
 * has no DRBD module, and the stand-in lets the plugin run its real process path end to end.
 */
final class DrbdStandIn {

    enum Node { A, B }

    private static final String SCRIPT = "drbd-8.4-stand-in.sh";

    private final Path dir;

    private DrbdStandIn(Path dir) {
        this.dir = dir;
    }

    /**
     * @param assignments the starting state, e.g. {@code A_role=Primary}; unnamed keys start connected,
     *                    Secondary and UpToDate on both nodes
     */
    static DrbdStandIn start(Path dir, String... assignments) throws IOException {
        Path script = dir.resolve(SCRIPT);
        try (InputStream in = DrbdStandIn.class.getResourceAsStream("/standin/" + SCRIPT)) {
            Files.copy(in, script);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        StringBuilder state = new StringBuilder("link=up\nresource=r0\nminor=0\n");
        for (Node node : Node.values()) {
            state.append(node).append("_conn=Connected\n").append(node).append("_role=Secondary\n")
                    .append(node).append("_disk=UpToDate\n").append(node).append("_solo=0\n")
                    .append(node).append("_open=0\n");
        }
        Files.writeString(dir.resolve("state"), state);
        for (Node node : Node.values()) {
            Path wrapper = dir.resolve(node.name()).resolve("drbdadm");
            Files.createDirectories(wrapper.getParent());
            Files.writeString(wrapper, "#!/bin/sh\nexec " + script + " " + node + " drbdadm \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        DrbdStandIn standIn = new DrbdStandIn(dir);
        standIn.sim("set", assignments);
        return standIn;
    }

    Path drbdadm(Node node) {
        return dir.resolve(node.name()).resolve("drbdadm");
    }

    Path procDrbd(Node node) {
        return dir.resolve(node + ".proc");
    }

    String proc(Node node) {
        return read(procDrbd(node));
    }

    /** The network between the nodes: {@code link("down")} cuts it, {@code link("up")} lets them handshake. */
    void link(String upOrDown) {
        sim("link", upOrDown);
    }

    void set(String... assignments) {
        sim("set", assignments);
    }

    /** Runs drbdadm as an administrator on {@code node} would, e.g. the peer demoting itself. */
    String drbdadmOn(Node node, String... arguments) {
        List<String> argv = new ArrayList<>(List.of(drbdadm(node).toString()));
        argv.addAll(Arrays.asList(arguments));
        return run(argv, false);
    }

    /** Every drbdadm call either node received, as "A drbdadm primary r0". */
    List<String> drbdadmCalls(Node node) {
        return read(dir.resolve("calls.log")).lines().filter(line -> line.startsWith(node + " drbdadm ")).toList();
    }

    String kernelLog() {
        Path log = dir.resolve("kern.log");
        return Files.exists(log) ? read(log) : "";
    }

    private void sim(String command, String... arguments) {
        List<String> argv = new ArrayList<>(List.of(dir.resolve(SCRIPT).toString(), "-", "sim", command));
        argv.addAll(Arrays.asList(arguments));
        run(argv, true);
    }

    private static String run(List<String> argv, boolean mustSucceed) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("stand-in hung: " + argv);
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException("stand-in failed: " + argv + " -> " + process.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
