package org.jheartbeat.resource.host;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Collectors;
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

    List<Host.Holder> holders(Set<DeviceNumber> devices) {
        List<Host.Holder> holders = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc,
                entry -> PID.matcher(entry.getFileName().toString()).matches())) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                List<String> uses = uses(process, devices);
                if (uses.isEmpty()) {
                    continue;
                }
                Host.Holder holder = new Host.Holder(pid, command(process), uses);
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
        uses.addAll(mappings(process.resolve("maps"), devices.stream().map(ProcHolderScan::mapsNotation)
                .collect(Collectors.toSet())));
        return uses;
    }

    /**
     * Lines of {@code /proc/PID/maps}: {@code address perms offset dev inode path}, dev printed {@code %02x:%02x}.
     * Large processes (a JVM) map thousands of regions, so a line is matched by comparing its dev field with
     * the wanted devices in that same notation rather than by parsing every line.
     */
    private static Set<String> mappings(Path maps, Set<String> wantedMapsDevices) {
        Set<String> mapped = new LinkedHashSet<>();
        try (Stream<String> lines = Files.lines(maps, StandardCharsets.ISO_8859_1)) {
            lines.forEach(line -> {
                int devStart = nthSpace(line, 3) + 1;
                int devEnd = line.indexOf(' ', devStart);
                if (devStart > 0 && devEnd > devStart && wantedMapsDevices.contains(line.substring(devStart, devEnd))) {
                    int pathStart = line.indexOf('/', devEnd);
                    mapped.add("mmap " + (pathStart < 0 ? "(anonymous)" : line.substring(pathStart)));
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Gone while reading, or not ours to read: the other uses still count.
        }
        return mapped;
    }

    private static int nthSpace(String line, int n) {
        int index = -1;
        for (int found = 0; found < n; found++) {
            index = line.indexOf(' ', index + 1);
            if (index < 0) {
                return -1;
            }
        }
        return index;
    }

    static String mapsNotation(DeviceNumber device) {
        return String.format("%02x:%02x", device.major(), device.minor());
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
