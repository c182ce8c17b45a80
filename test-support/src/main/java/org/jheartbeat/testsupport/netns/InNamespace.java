package org.jheartbeat.testsupport.netns;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens what must belong to a node's network namespace from the test's own JVM: the agent's rtnetlink network, a
 * socket. A socket keeps the namespace of the thread that opened it, so the call runs on a thread of its own that
 * entered the node's namespace (setns) and ends with it.
 */
public final class InNamespace {

    private InNamespace() {
    }

    /** What is opened there. */
    public interface Call<T> {
        T call() throws IOException;
    }

    private interface Libc extends Library {
        Libc C = Native.load("c", Libc.class);
        int O_RDONLY = 0;
        int CLONE_NEWNET = 0x40000000;

        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int type) throws LastErrorException;

        int close(int fd);
    }

    public static <T> T call(NetnsNode node, Call<T> call) throws IOException {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(() -> {
                int fd = Libc.C.open("/run/netns/" + node.namespace(), Libc.O_RDONLY);
                try {
                    Libc.C.setns(fd, Libc.CLONE_NEWNET);
                } finally {
                    Libc.C.close(fd);
                }
                return call.call();
            }).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("no answer from node " + node.name() + "'s namespace: " + e, e);
        } finally {
            thread.shutdownNow();
        }
    }
}
