package org.jheartbeat.resources.drbd;

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
        // Addresses and net options of the qemu testbed's r0-fast.res, where the answers were recorded.
        StringBuilder state = new StringBuilder("link=up\nresource=r0\nminor=0\n"
                + "net_options='--protocol=C --ping-int=2 --ping-timeout=10 --connect-int=2'\n"
                + "A_addr=10.99.0.1:7789\nB_addr=10.99.0.2:7789\n");
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

    /** What one call of the stand-in answered. */
    record Answer(int exitCode, String stdout, String stderr) {
    }

    /** Runs drbdadm as an administrator on {@code node} would, e.g. the peer demoting itself. */
    Answer drbdadmOn(Node node, String... arguments) {
        List<String> argv = new ArrayList<>(List.of(drbdadm(node).toString()));
        argv.addAll(Arrays.asList(arguments));
        return run(argv);
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
        Answer answer = run(argv);
        if (answer.exitCode() != 0) {
            throw new IllegalStateException("stand-in failed: " + argv + " -> " + answer);
        }
    }

    /** The stand-in's outputs are a few lines, far below a pipe's buffer, so reading them in turn cannot block. */
    private static Answer run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("stand-in hung: " + argv);
            }
            return new Answer(process.exitValue(), stdout, stderr);
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
