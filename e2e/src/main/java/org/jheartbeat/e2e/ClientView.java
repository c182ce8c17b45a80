package org.jheartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jheartbeat.resource.CommandResult;

/**
 * What the client namespace sees of the cluster through the virtual address: files over NFSv4 (libnfs-utils'
 * nfs-cp and nfs-cat, no kernel client needed) and blocks of the iSCSI LUN (qemu-io over libiscsi). Each call is
 * one attempt, bounded with {@code timeout -s KILL} since a libiscsi or libnfs client can hang on a server that
 * vanished; {@code ...Within} retries until a deadline (Ganesha refuses opens with NFS4ERR_GRACE after a takeover).
 */
public final class ClientView {

    private static final Duration ATTEMPT = Duration.ofSeconds(5);
    /** tgt keeps LUN 0 for its controller: the group's first LUN file is LUN 1 on the wire. */
    private static final int LUN = 1;

    private final ClusterLab cluster;
    private final Path scratch;

    /** Files to upload are staged in the cluster's run directory, removed with it. */
    public ClientView(ClusterLab cluster) throws IOException {
        this.cluster = cluster;
        this.scratch = Files.createDirectories(cluster.runDirectory().resolve("client"));
    }

    private String nfsUrl(String file) {
        return "nfs://" + ClusterLab.VIP + "/export/" + file + "?version=4";
    }

    /** One write of {@code content} to the export's {@code file}; true when the server acknowledged it. */
    public boolean writeFile(String file, String content) throws IOException {
        return write(file, content).succeeded();
    }

    /** One write of {@code content} to the export's {@code file}, and how the client's tool ended. */
    public CommandResult write(String file, String content) throws IOException {
        Path local = Files.writeString(scratch.resolve("upload-" + file), content);
        try {
            return bounded("nfs-cp", local.toString(), nfsUrl(file));
        } finally {
            Files.delete(local);
        }
    }

    /** One read of the export's {@code file}; what it holds, or null when the read failed. */
    public String readFile(String file) {
        CommandResult read = bounded("nfs-cat", nfsUrl(file));
        return read.succeeded() ? read.stdout() : null;
    }

    /** The export's file list, or null when listing failed. */
    public String listFiles() {
        CommandResult list = bounded("nfs-ls", "nfs://" + ClusterLab.VIP + "/export?version=4");
        return list.succeeded() ? list.stdout() : null;
    }

    /** Retries the read until it returns content or {@code wait} has passed; null then. */
    public String readFileWithin(String file, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String content = readFile(file);
            if (content != null || System.nanoTime() > deadline) {
                return content;
            }
            Thread.sleep(100);
        }
    }

    /**
     * Retries the write until acknowledged or {@code wait} has passed. An attempt that created the file but lost its
     * answer leaves it behind, and nfs-cp refuses an existing file (NFS4ERR_EXIST): the write counts as done once the
     * file reads back with the content.
     */
    public boolean writeFileWithin(String file, String content, Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (writeFile(file, content) || content.equals(readFile(file))) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    /** The group's services answer through the address: NFS lists the export, the iSCSI target reports its LUN. */
    public boolean groupAnswers() {
        boolean nfs = !cluster.setup().runs(ClusterSetup.Service.NFS) || listFiles() != null;
        return nfs && (!cluster.setup().runs(ClusterSetup.Service.ISCSI)
                || bounded("iscsi-inq", iscsiUrl()).succeeded());
    }

    /** Writes 64 KiB of byte {@code pattern} at {@code offset} of the LUN; true when the target acknowledged it. */
    public boolean writeBlock(long offset, int pattern) {
        return bounded("qemu-io", "-f", "raw", "-c", "write -P " + pattern + " " + offset + " 64k", iscsiUrl())
                .succeeded();
    }

    /** Reads 64 KiB at {@code offset} and checks every byte is {@code pattern} (qemu-io fails the read otherwise). */
    public boolean blockHolds(long offset, int pattern) {
        CommandResult read = bounded("qemu-io", "-f", "raw", "-c", "read -P " + pattern + " " + offset + " 64k",
                iscsiUrl());
        return read.succeeded() && !read.stdout().contains("Pattern verification failed");
    }

    public boolean blockHoldsWithin(long offset, int pattern, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (blockHolds(offset, pattern)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    private String iscsiUrl() {
        return "iscsi://" + ClusterLab.VIP + "/" + ClusterFiles.IQN + "/" + LUN;
    }

    private CommandResult bounded(String... argv) {
        String[] full = new String[argv.length + 4];
        full[0] = "timeout";
        full[1] = "-s";
        full[2] = "KILL";
        full[3] = Long.toString(ATTEMPT.toSeconds());
        System.arraycopy(argv, 0, full, 4, argv.length);
        return cluster.onClient(ATTEMPT.plusSeconds(2), full);
    }
}
