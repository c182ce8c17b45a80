package org.jheartbeat.testsupport.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A running {@code ping} whose echo replies are timestamped ({@link System#nanoTime()}) as they arrive, so a
 * test can tell how long after an event the address answered again. Works with the iputils and the GNU
 * inetutils ping (both print {@code icmp_seq=} and {@code time=} on a reply line, nothing for a lost one);
 * the interval may be a fraction of a second for IPv4 with both, not with inetutils' {@code ping6} (see {@link OneShotPings}).
 */
public final class PingWatch implements EchoReplies {

    private final Process process;
    private final List<Long> replies = new ArrayList<>();
    /** iputils' ping -D prints each reply's arrival on the wall clock: {@code [1796595408.463123] 64 bytes ...}. */
    private final List<Long> replyEpochMicros = new ArrayList<>();
    private final List<Integer> answeredSequences = new ArrayList<>();
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

    /**
     * The echo requests that went unanswered between the first reply and the last one so far, by their sequence
     * number: at a 50 ms interval, each one is a 50 ms sample at which the address did not answer.
     */
    public synchronized List<Integer> unanswered() {
        List<Integer> missing = new ArrayList<>();
        if (answeredSequences.isEmpty()) {
            return missing;
        }
        Set<Integer> answered = new HashSet<>(answeredSequences);
        int first = answeredSequences.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int last = answeredSequences.stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (int sequence = first; sequence <= last; sequence++) {
            if (!answered.contains(sequence)) {
                missing.add(sequence);
            }
        }
        return missing;
    }

    /** How many echo replies came so far. */
    public synchronized int answered() {
        return answeredSequences.size();
    }

    /**
     * When each echo reply arrived, in microseconds since the epoch, as ping stamped it (ping -D, which
     * {@link NetnsLab#ping} asks of iputils' ping): the same clock as every log on the machine. Empty with a ping
     * that does not stamp.
     */
    public synchronized List<Long> replyEpochMicros() {
        return List.copyOf(replyEpochMicros);
    }

    static Optional<Long> epochMicros(String line) {
        if (!line.startsWith("[")) {
            return Optional.empty();
        }
        int end = line.indexOf(']');
        String[] parts = line.substring(1, Math.max(1, end)).split("\\.");
        if (end < 0 || parts.length != 2 || parts[1].length() != 6) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(parts[0]) * 1_000_000 + Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int sequence(String line) {
        String rest = line.substring(line.indexOf("icmp_seq=") + "icmp_seq=".length());
        int end = 0;
        while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
            end++;
        }
        return Integer.parseInt(rest.substring(0, end));
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
                        answeredSequences.add(sequence(line));
                        epochMicros(line).ifPresent(replyEpochMicros::add);
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
