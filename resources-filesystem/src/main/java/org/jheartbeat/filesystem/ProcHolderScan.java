package org.jheartbeat.filesystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the processes using a filesystem the way {@code fuser -m} does, by device number rather than path:
 * their working directory, root, executable, open files and memory mappings. Matching by device finds users
 * in every mount namespace and through any path, deleted files included, because the {@code /proc/PID/fd}
 * links stat the open file itself.
 */
final class ProcHolderScan {

    private static final Logger LOG = LoggerFactory.getLogger(ProcHolderScan.class);
    private static final Pattern PID = Pattern.compile("[0-9]+");
    private static final List<String> LINKS = List.of("cwd", "root", "exe");

    private final Path proc;
    private final long ownPid;

    ProcHolderScan(Path proc, long ownPid) {
        this.proc = proc;
        this.ownPid = ownPid;
    }

    List<LocalSystem.Holder> holders(Set<DeviceNumber> devices) {
        List<LocalSystem.Holder> holders = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc,
                entry -> PID.matcher(entry.getFileName().toString()).matches())) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                List<String> uses = uses(process, devices);
                if (uses.isEmpty()) {
                    continue;
                }
                LocalSystem.Holder holder = new LocalSystem.Holder(pid, command(process), uses);
                if (pid == ownPid) {
                    LOG.warn("this agent itself uses the filesystem it is to unmount and will not signal itself: {}",
                            holder);
                } else {
                    holders.add(holder);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", proc, e.getMessage());
        }
        return holders;
    }

    private List<String> uses(Path process, Set<DeviceNumber> devices) {
        List<String> uses = new ArrayList<>();
        for (String link : LINKS) {
            deviceOf(process.resolve(link)).filter(devices::contains).ifPresent(device -> uses.add(link));
        }
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                if (deviceOf(descriptor).filter(devices::contains).isPresent()) {
                    uses.add("fd " + descriptor.getFileName() + " -> " + target(descriptor));
                }
            }
        } catch (IOException e) {
            // Gone, or a process whose descriptors even root may not read (a protected PID 1): nothing to signal.
        }
        uses.addAll(mappings(process.resolve("maps"), devices));
        return uses;
    }

    /** Lines of {@code /proc/PID/maps}: {@code address perms offset dev inode path}, dev in hex {@code fe:00}. */
    private static Set<String> mappings(Path maps, Set<DeviceNumber> devices) {
        Set<String> mapped = new LinkedHashSet<>();
        try (Stream<String> lines = Files.lines(maps, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                String[] fields = line.split("\\s+", 6);
                if (fields.length == 6 && !fields[3].equals("00:00")
                        && devices.contains(DeviceNumber.parseHex(fields[3]))) {
                    mapped.add("mmap " + fields[5].strip());
                }
            });
        } catch (IOException | RuntimeException e) {
            // Gone while reading, or not ours to read: the other uses still count.
        }
        return mapped;
    }

    private static Optional<DeviceNumber> deviceOf(Path link) {
        try {
            return Optional.of(DeviceNumber.fromDevT((Long) Files.getAttribute(link, "unix:dev")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String command(Path process) {
        try {
            String commandLine = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
            if (!commandLine.isEmpty()) {
                return commandLine;
            }
            return "[" + Files.readString(process.resolve("comm")).strip() + "]";
        } catch (IOException e) {
            return "?";
        }
    }
}
