package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jheartbeat.resource.CommandResult;

/**
 * A client writing one new file over NFS after another in a thread of its own, remembering which writes the server
 * acknowledged: after a failover every one of those must read back with its content (nothing acknowledged is lost).
 * A refused write is not retried under its name: the next attempt writes the next file.
 */
public final class ClientWriter implements AutoCloseable {

    private final ClientView client;
    private final String prefix;
    private final Duration pause;
    private final Map<String, String> acknowledged = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int attempts;
    /** How the latest refused write ended, for a report that the client could not write. */
    private String lastRefusal = "";

    public ClientWriter(ClientView client, String prefix) {
        this(client, prefix, Duration.ofMillis(200));
    }

    /** Writes a new file {@code pause} after each acknowledged one (100 ms after a refused one). */
    public ClientWriter(ClientView client, String prefix, Duration pause) {
        this.client = client;
        this.prefix = prefix;
        this.pause = pause;
        this.thread = new Thread(this::loop, "nfs-client-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        int sequence = 0;
        while (running) {
            String file = prefix + "-" + sequence + ".txt";
            String content = file + " written at " + System.nanoTime() + "\n";
            try {
                CommandResult write = client.write(file, content);
                boolean ok = write.succeeded();
                // Every attempt takes a new name: one that created the file but lost its answer (the server moved,
                // the attempt's time ran out) leaves it behind, and nfs-cp refuses an existing file
                // (NFS4ERR_EXIST), so retrying the name would be refused for good.
                sequence++;
                synchronized (acknowledged) {
                    attempts++;
                    if (ok) {
                        acknowledged.put(file, content);
                    } else {
                        lastRefusal = write.describeWithOutput();
                    }
                }
                Thread.sleep(ok ? pause.toMillis() : 100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public int acknowledgedCount() {
        synchronized (acknowledged) {
            return acknowledged.size();
        }
    }

    /** Waits until at least {@code count} more writes are acknowledged than now; false if not within {@code wait}. */
    public boolean awaitMoreAcknowledged(int count, Duration wait) throws InterruptedException {
        int target = acknowledgedCount() + count;
        return Await.condition(wait, () -> acknowledgedCount() >= target);
    }

    /** Stops writing, then reads every acknowledged file back; the files that are missing or differ. */
    public List<String> lostWrites(Duration wait) throws InterruptedException {
        close();
        return lostWrites(0, wait);
    }

    /**
     * Reads back the acknowledged writes from the {@code from}th on (in the order they were acknowledged) while
     * writing goes on; the files that are missing or differ.
     */
    public List<String> lostWrites(int from, Duration wait) throws InterruptedException {
        List<Map.Entry<String, String>> written;
        synchronized (acknowledged) {
            written = List.copyOf(acknowledged.entrySet()).subList(Math.min(from, acknowledged.size()),
                    acknowledged.size());
        }
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, String> write : written) {
            String read = client.readFileWithin(write.getKey(), wait);
            if (!write.getValue().equals(read)) {
                lost.add(write.getKey() + " (read back: " + read + ")");
            }
        }
        return lost;
    }

    public String summary() {
        synchronized (acknowledged) {
            return acknowledged.size() + " of " + attempts + " writes acknowledged"
                    + (lastRefusal.isEmpty() ? "" : "; the latest refused: " + lastRefusal);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
