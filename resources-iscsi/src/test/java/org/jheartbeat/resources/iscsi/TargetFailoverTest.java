package org.jheartbeat.resources.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.testsupport.netns.NetnsNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real thing (root; Debian packages tgt, libiscsi-bin, qemu-utils and qemu-block-extra for qemu-io's
 * libiscsi driver, arping): the seed's ietd.conf served by tgt from LUN files on an ext3 loop image mounted in
 * node A, seen by a client namespace through the userspace initiator libiscsi, then failed over to node B
 * together with the virtual address (the image mounted in B instead, B's own tgtd). The client reads back what
 * it wrote before the failover; the outage it saw is printed.
 *
 * <p>tgt keeps LUN 0 for its controller, so the seed's Lun 0 is LUN 1 on the wire.
 */
class TargetFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String IQN = Targets.SEED_IQN;
    private static final String USER = "seeduser";
    private static final String SECRET = "seedsecret1234";
    /** One read attempt; a libiscsi client may hang on a target that went away, so it is killed after this. */
    private static final String READ_BOUND = "0.5";

    @BeforeAll
    static void needsRoot() {
        String uid = new ProcessCommandRunner().run(Command.of(Duration.ofSeconds(5), "id", "-u")).stdout().strip();
        assumeTrue(uid.equals("0"), "network and mount namespaces, loop devices and tgtd need root");
    }

    private static Config settings(TgtNodes nodes, NetnsNode node, String client) {
        return Targets.settings("tgt.control-port = " + nodes.controlPort(node)
                + ", allowed-initiators = [\"" + client + "\"]"
                + ", incoming-user = " + USER + ", incoming-password = " + SECRET);
    }

    /** The seed's ietd.conf, with its LUN files on the shared filesystem as the sample configuration has them. */
    private static Path seedIetdConf(TgtNodes nodes) throws Exception {
        String seed = """
                Target iqn.2001-04.com.example:storage.disk2.sys1.xyz\s
                Lun 0 Path=/home/iSCSI/LUN0,Type=fileio
                Lun 1 Path=/home/iSCSI/LUN1,Type=fileio
                Lun 2 Path=/home/iSCSI/LUN2,Type=fileio
                """.replace("/home/iSCSI", nodes.data.toString());
        return Files.writeString(nodes.directory().resolve("ietd.conf"), seed);
    }

    private static String lunUrl(String address, int lun, boolean withAccount) {
        return "iscsi://" + (withAccount ? USER + "%" + SECRET + "@" : "") + address + "/" + IQN + "/" + lun;
    }

    private static CommandResult qemuIo(TgtNodes nodes, String operation, String url, String bound) {
        return nodes.run(nodes.client, "timeout", "-s", "KILL", bound, "qemu-io", "-f", "raw", "-c", operation, url);
    }

    @Test
    void targetFailsOverWithTheAddressAndTheClientReadsBackWhatItWrote() throws Exception {
        try (TgtNodes nodes = new TgtNodes("10.97.11")) {
            String vip = "10.97.11.100";
            String clientAddress = "10.97.11.3";
            String token = "iSCSITarget::" + seedIetdConf(nodes);
            nodes.mountData(nodes.a);
            for (int lun = 0; lun < 3; lun++) {
                nodes.require(nodes.a, "truncate", "-s", "16M", nodes.data.resolve("LUN" + lun).toString());
            }
            nodes.startTgtd(nodes.a);
            nodes.startTgtd(nodes.b);
            Resource addressOnA = nodes.address(nodes.a, "IPaddr2::" + vip + "/24/eth0", Targets.settings(""));
            Resource addressOnB = nodes.address(nodes.b, "IPaddr2::" + vip + "/24/eth0", Targets.settings(""));
            Resource targetOnA = nodes.target(nodes.a, token, settings(nodes, nodes.a, clientAddress));
            Resource targetOnB = nodes.target(nodes.b, token, settings(nodes, nodes.b, clientAddress));

            assertThat(addressOnA.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(targetOnA.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
            assertThat(targetOnA.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(targetOnA.status(TIMEOUT)).isEqualTo(OperationResult.success());

            assertThat(nodes.require(nodes.client, "timeout", "-s", "KILL", "5", "iscsi-ls", "-s",
                    "iscsi://" + USER + "%" + SECRET + "@" + vip + "/").stdout())
                    .contains("Target:" + IQN + " Portal:" + vip + ":3260,1")
                    .contains("Lun:1    Type:DIRECT_ACCESS (Size:15M)")
                    .contains("Lun:3    Type:DIRECT_ACCESS (Size:15M)");
            assertThat(nodes.require(nodes.client, "timeout", "-s", "KILL", "5", "iscsi-readcapacity16",
                    lunUrl(vip, 1, true)).stdout()).contains("Total size:16777216");
            assertThat(nodes.require(nodes.client, "timeout", "-s", "KILL", "5", "iscsi-inq",
                    lunUrl(vip, 1, true)).stdout()).contains("Vendor:IET");
            CommandResult withoutAccount = nodes.run(nodes.client, "timeout", "-s", "KILL", "5", "iscsi-inq",
                    lunUrl(vip, 1, false));
            assertThat(withoutAccount.exitCode()).as(withoutAccount.describe()).isNotZero();
            assertThat(withoutAccount.stdout() + withoutAccount.stderr()).contains("Authentication failure");

            CommandResult written = qemuIo(nodes, "write -P 0xa5 1M 64k", lunUrl(vip, 1, true), "5");
            assertThat(written.succeeded()).as(written.describe()).isTrue();
            CommandResult lun3 = qemuIo(nodes, "write -P 0x3c 0 4k", lunUrl(vip, 3, true), "5");
            assertThat(lun3.succeeded()).as(lun3.describe()).isTrue();

            // A second client keeps a session open with I/O in flight across the failover: stop must close it, and
            // libiscsi's reconnect must find the target again on B.
            Process perf = nodes.spawnOnClient("timeout", "-s", "KILL", "60", "iscsi-perf", "-x", "1000",
                    lunUrl(vip, 2, true));
            assertThat(awaitSession(nodes, nodes.a, System.nanoTime())).as("iscsi-perf logged in to A").isPositive();
            long failoverStart;
            long failoverEnd;
            long[] steps = new long[6];
            try (ClientReads reads = new ClientReads(() ->
                    qemuIo(nodes, "read -P 0xa5 1M 64k", lunUrl(vip, 1, true), READ_BOUND).succeeded())) {
                assertThat(reads.awaitGoodReadAfter(System.nanoTime(), Duration.ofSeconds(5)))
                        .as("the client reads from A before the failover").isTrue();
                failoverStart = System.nanoTime();
                assertThat(targetOnA.stop(TIMEOUT)).isEqualTo(OperationResult.success());
                steps[0] = System.nanoTime();
                nodes.unmountData(nodes.a);
                steps[1] = System.nanoTime();
                assertThat(addressOnA.stop(TIMEOUT)).isEqualTo(OperationResult.success());
                steps[2] = System.nanoTime();
                assertThat(addressOnB.start(TIMEOUT)).isEqualTo(OperationResult.success());
                steps[3] = System.nanoTime();
                nodes.mountData(nodes.b);
                steps[4] = System.nanoTime();
                assertThat(targetOnB.start(TIMEOUT)).isEqualTo(OperationResult.success());
                steps[5] = System.nanoTime();
                failoverEnd = steps[5];
                assertThat(reads.awaitGoodReadAfter(failoverEnd, Duration.ofSeconds(20)))
                        .as("the client reads what it wrote from B").isTrue();
                reads.close();
                ClientReads.Outage outage = reads.longestGap();
                System.out.printf("[iscsi] tgt failover A -> B, client reading LUN 1 every attempt (qemu-io, one"
                                + " login per read, each bounded to %s s): client-visible outage %d ms (%d failed reads"
                                + " in the gap, %d reads in all); failover itself %d ms: target stop %d, umount %d,"
                                + " address stop %d, address start %d, mount %d, target start %d ms%n",
                        READ_BOUND, outage.gap().toMillis(), outage.failedReads(), outage.totalReads(),
                        millis(failoverEnd - failoverStart), millis(steps[0] - failoverStart),
                        millis(steps[1] - steps[0]), millis(steps[2] - steps[1]), millis(steps[3] - steps[2]),
                        millis(steps[4] - steps[3]), millis(steps[5] - steps[4]));
            }

            long reconnectMillis = awaitSession(nodes, nodes.b, failoverEnd);
            assertThat(reconnectMillis).as("iscsi-perf's session reconnected to B").isPositive();
            System.out.printf("[iscsi] the open iscsi-perf session (I/O in flight when A stopped) was closed by A's stop and"
                    + " reconnected to B %d ms after B's target start returned%n", reconnectMillis);
            perf.destroyForcibly();
            perf.waitFor();
            assertThat(targetOnA.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
            assertThat(targetOnB.status(TIMEOUT)).isEqualTo(OperationResult.success());
            CommandResult lun3Back = qemuIo(nodes, "read -P 0x3c 0 4k", lunUrl(vip, 3, true), "5");
            assertThat(lun3Back.succeeded()).as(lun3Back.describe()).isTrue();
            CommandResult elsewhere = qemuIo(nodes, "read -P 0xa5 2M 64k", lunUrl(vip, 1, true), "5");
            assertThat(elsewhere.exitCode()).as("a block never written does not hold the pattern: %s",
                    elsewhere.describe()).isEqualTo(1);
            assertThat(targetOnB.stop(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(addressOnB.stop(TIMEOUT)).isEqualTo(OperationResult.success());
        }
    }

    @Test
    void startAndStopAreIdempotentAndStatusWatchesEveryLun() throws Exception {
        try (TgtNodes nodes = new TgtNodes("10.97.12")) {
            String lun0 = nodes.data.resolve("LUN0").toString();
            String lun1 = nodes.data.resolve("LUN1").toString();
            nodes.mountData(nodes.a);
            nodes.require(nodes.a, "truncate", "-s", "8M", lun0, lun1);
            nodes.startTgtd(nodes.a);
            String token = "iSCSITarget::" + IQN + "::" + lun0 + "," + lun1;
            Resource target = nodes.target(nodes.a, token,
                    Targets.settings("backend = tgt, tgt.control-port = " + nodes.controlPort(nodes.a)));

            assertThat(target.validate(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(target.stop(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(target.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(target.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(target.status(TIMEOUT)).isEqualTo(OperationResult.success());

            nodes.require(nodes.a, "tgtadm", "-C", Integer.toString(nodes.controlPort(nodes.a)), "--lld", "iscsi",
                    "--op", "delete", "--mode", "logicalunit", "--tid", "1", "--lun", "2");
            assertThat(target.status(TIMEOUT)).isEqualTo(OperationResult.failed(token + ": LUN 1 (" + lun1
                    + ", fileio) is not served"));
            assertThat(target.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(target.status(TIMEOUT)).isEqualTo(OperationResult.success());

            assertThat(target.stop(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(target.stop(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(target.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
            assertThat(nodes.tgtadm(nodes.a, "--lld", "iscsi", "--op", "show", "--mode", "target").stdout()).isEmpty();
        }
    }

    @Test
    void aLunWhoseFileIsNotOnThisNodeFailsClearlyAndLeavesNothingBehind() throws Exception {
        try (TgtNodes nodes = new TgtNodes("10.97.13")) {
            nodes.startTgtd(nodes.b);
            String lun0 = nodes.data.resolve("LUN0").toString();
            String token = "iSCSITarget::" + IQN + "::" + lun0;
            Resource target = nodes.target(nodes.b, token,
                    Targets.settings("tgt.control-port = " + nodes.controlPort(nodes.b)));

            OperationResult result = target.start(TIMEOUT);

            assertThat(result).isEqualTo(OperationResult.notInstalled("LUN 0 (" + lun0 + ", fileio): backing store "
                    + lun0 + " does not exist on this node (is its filesystem mounted?)"));
            assertThat(target.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        }
    }

    /**
     * Milliseconds from {@code sinceNanos} until tgtd on the node shows iscsi-perf's connection (at least 1), or -1
     * when it does not within 10 s.
     */
    private static long awaitSession(TgtNodes nodes, NetnsNode node, long sinceNanos) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String show = nodes.tgtadm(node, "--lld", "iscsi", "--op", "show", "--mode", "target").stdout();
            if (show.contains("Initiator: iqn.2010-11.libiscsi:iscsi-perf") && show.contains("Connection: ")) {
                return Math.max(1, millis(System.nanoTime() - sinceNanos));
            }
            Thread.sleep(20);
        }
        return -1;
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
