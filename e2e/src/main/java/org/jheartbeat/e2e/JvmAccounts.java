package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jheartbeat.resource.CommandResult;

/**
 * Where a jheartbeat agent's memory goes by the JVM's own accounts, read with {@code jcmd} inside the node: the heap
 * (committed and used, both generations of the serial collector), metaspace (committed and used) and the classes
 * loaded, counted over every class loader (hidden classes of lambdas and method handles included); its threads by
 * name (digits folded, so a pool counts as one name); and, when the agent runs with
 * {@code -XX:NativeMemoryTracking=summary}, the JVM's native memory by category (committed).
 */
record JvmAccounts(String node, long heapCommittedKiB, long heapUsedKiB, long metaspaceCommittedKiB,
                   long metaspaceUsedKiB, long classes, Map<String, Long> threads, String nativeMemory) {

    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern GENERATION = Pattern.compile("(?m)^ \\S.* generation\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("(?m)^ Metaspace\\s+used (\\d+)K, committed (\\d+)K");
    private static final Pattern CLASS_TOTAL = Pattern.compile("(?m)^Total = \\d+\\s+(\\d+)\\s");
    private static final Pattern NATIVE_CATEGORY = Pattern.compile(
            "(?m)^-\\s+(\\S[^(]*?)\\s+\\(reserved=\\d+KB, committed=(\\d+)KB\\)");

    static JvmAccounts of(SimulatedNode node) {
        long pid = node.agent().orElseThrow(() -> new IllegalStateException("no agent on " + node.name())).pid();
        String heap = jcmd(node, pid, "GC.heap_info");
        long committed = 0;
        long used = 0;
        Matcher generation = GENERATION.matcher(heap);
        while (generation.find()) {
            committed += Long.parseLong(generation.group(1));
            used += Long.parseLong(generation.group(2));
        }
        Matcher metaspace = find(METASPACE, heap, "GC.heap_info");
        Matcher classes = find(CLASS_TOTAL, jcmd(node, pid, "VM.classloader_stats"), "VM.classloader_stats");
        return new JvmAccounts(node.name(), committed, used, Long.parseLong(metaspace.group(2)),
                Long.parseLong(metaspace.group(1)), Long.parseLong(classes.group(1)), threads(pid),
                nativeMemory(node, pid));
    }

    private static Map<String, Long> threads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.map(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip().replaceAll("\\d+", "N");
                } catch (IOException gone) {
                    return "(ended)";
                }
            }).collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the agent's threads", e);
        }
    }

    /** The committed KiB of each category of the JVM's native memory tracking, or "" when tracking is off. */
    private static String nativeMemory(SimulatedNode node, long pid) {
        CommandResult result = node.run(JCMD_TIMEOUT, "jcmd", Long.toString(pid), "VM.native_memory", "summary");
        Matcher category = NATIVE_CATEGORY.matcher(result.stdout());
        StringBuilder categories = new StringBuilder();
        while (result.succeeded() && category.find()) {
            categories.append(categories.isEmpty() ? "" : ", ").append(category.group(1)).append(' ')
                    .append(String.format("%.1f", Long.parseLong(category.group(2)) / 1024.0));
        }
        return categories.toString();
    }

    private static String jcmd(SimulatedNode node, long pid, String command) {
        CommandResult result = node.run(JCMD_TIMEOUT, "jcmd", Long.toString(pid), command);
        if (!result.succeeded()) {
            throw new IllegalStateException("jcmd " + command + " on " + node.name() + ": " + result.describe());
        }
        return result.stdout();
    }

    private static Matcher find(Pattern pattern, String output, String command) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("jcmd " + command + " printed no " + pattern + ":\n" + output);
        }
        return matcher;
    }

    @Override
    public String toString() {
        return String.format("jheartbeat on %s: heap %.1f MiB committed (%.1f used), metaspace %.1f MiB committed"
                        + " (%.1f used), %d classes; %d threads %s%s", node, heapCommittedKiB / 1024.0,
                heapUsedKiB / 1024.0, metaspaceCommittedKiB / 1024.0, metaspaceUsedKiB / 1024.0, classes,
                threads.values().stream().mapToLong(Long::longValue).sum(), threads,
                nativeMemory.isEmpty() ? "" : "; native memory committed, MiB: " + nativeMemory);
    }
}
