package org.jheartbeat.testsupport.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A running {@code ping} whose echo replies are timestamped ({@link System#nanoTime()}) as they arrive, so a
 * test can tell how long after an event the address answered again. Works with the iputils and the GNU
 * inetutils ping (both print {@code icmp_seq=} and {@code time=} on a reply line, nothing for a lost one);
 * the interval may be a fraction of a second for IPv4 with both, not with inetutils' {@code ping6} (see {@link OneShotPings}).
 */
public final class PingWatch implements EchoReplies {

    private final Process process;
    private final List<Long> replies = new ArrayList<>();
    private final List<String> output = new ArrayList<>();
    private final Thread reader;

    PingWatch(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "ping-watch");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public Optional<Long> firstReplyAfter(long sinceNanos, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (true) {
                Optional<Long> reply = replies.stream().filter(at -> at >= sinceNanos).findFirst();
                long left = end - System.nanoTime();
                if (reply.isPresent() || left <= 0 || !process.isAlive() && !reader.isAlive()) {
                    return reply;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public synchronized String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                long at = System.nanoTime();
                synchronized (this) {
                    if (line.contains("icmp_seq=") && line.contains("time=")) {
                        replies.add(at);
                    }
                    output.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was killed; what was read stays.
        }
        synchronized (this) {
            notifyAll();
        }
    }

    static String seconds(Duration interval) {
        return String.format(Locale.ROOT, "%.3f", interval.toNanos() / 1e9);
    }
}
