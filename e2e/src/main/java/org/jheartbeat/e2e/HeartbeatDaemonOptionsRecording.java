package org.jheartbeat.e2e;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code scripts/benchmark.sh record-daemon}: what Debian's heartbeat 3.0.6 daemon binary prints and exits with when a
 * site's script or tool calls it with {@code -s} (status), {@code -k} (stop), {@code -r} (reload), {@code -V}
 * (version), {@code -v}, no option and an option it does not know, on alpha of the e2e cluster, with the daemon
 * stopped and running, with good and broken files, as root and as user nobody. Prints the recording in the form of
 * {@link HeartbeatCommandsRecording}: "###" situations, then per command "$ NODE: COMMAND", its stdout, stderr and
 * exit code.
 */
public final class HeartbeatDaemonOptionsRecording {

    static final String DAEMON = ClusterLab.HEARTBEAT_DAEMON;

    private final ClusterLab cluster;
    private final PrintStream out;

    private HeartbeatDaemonOptionsRecording(ClusterLab cluster, PrintStream out) {
        this.cluster = cluster;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        out.println("""
                # Debian heartbeat 3.0.6's daemon binary (%s) called with its options, recorded by
                # scripts/benchmark.sh record-daemon (e2e's HeartbeatDaemonOptionsRecording) on alpha of the e2e cluster
                # (alpha alone, ucast eth0, haresources "alpha IPaddr::10.79.0.100/24/eth0"). "###" lines name the
                # situation; then each command as "$ NODE: COMMAND", its stdout, stderr and exit code. Times and
                # process ids vary.""".formatted(DAEMON));
        try (ClusterLab cluster = ClusterLab.create(HeartbeatCommandsRecording.harnessSetup(), Path.of("."))) {
            new HeartbeatDaemonOptionsRecording(cluster, out).record();
        }
    }

    private void record() throws Exception {
        cluster.boot("alpha");
        out.println("### not running");
        for (String options : List.of("-s", "-k", "-V", "-x", "-s -k")) {
            run(List.of(), options);
        }
        run(HeartbeatCommandsRecording.AS_NOBODY, "-s");
        out.println("### not running: -r");
        run(List.of(), "-r");
        awaitRunning();
        out.println("### running");
        for (String options : List.of("-s", "-V", "-v", "", "-r", "-x")) {
            run(List.of(), options);
        }
        run(HeartbeatCommandsRecording.AS_NOBODY, "-s");
        run(HeartbeatCommandsRecording.AS_NOBODY, "-k");
        run(HeartbeatCommandsRecording.AS_NOBODY, "-r");
        Path haresources = ClusterFiles.configDir(cluster.node("alpha").directory()).resolve("haresources");
        String good = Files.readString(haresources);
        out.println("### running, haresources names a resource that does not exist (alpha nosuchresource)");
        Files.writeString(haresources, "alpha nosuchresource\n");
        run(List.of(), "-r");
        Files.writeString(haresources, good);
        Path haCf = ClusterFiles.configDir(cluster.node("alpha").directory()).resolve("ha.cf");
        String goodHaCf = Files.readString(haCf);
        out.println("### running, ha.cf has a line heartbeat does not know (nosuchdirective on)");
        Files.writeString(haCf, goodHaCf + "nosuchdirective on\n");
        run(List.of(), "-r");
        Files.writeString(haCf, goodHaCf);
        out.println("### running: -k");
        run(List.of(), "-k");
        out.println("### stopped by -k");
        run(List.of(), "-s");
        run(List.of(), "-k");
    }

    private void run(List<String> as, String options) {
        HeartbeatCommandsRecording.record(cluster, out, "alpha", as, (DAEMON + " " + options).strip());
    }

    private void awaitRunning() throws InterruptedException {
        if (!Await.condition(Duration.ofSeconds(60),
                () -> cluster.node("alpha").run(DAEMON, "-s").exitCode() == 0)) {
            throw new IllegalStateException("heartbeat -r did not leave heartbeat running on alpha:\n"
                    + cluster.describe());
        }
    }
}
