package org.jheartbeat.resources.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which filesystem types the running kernel can mount: those it has registered ({@code /proc/filesystems}) and those
 * a module of this kernel provides, which mount loads on demand (modprobe's {@code fs-TYPE} alias in
 * {@code modules.alias}).
 *
 * @param registered the kernel's list, {@code /proc/filesystems}
 * @param modules    the running kernel's module directory, {@code /lib/modules/RELEASE}
 */
record KernelFilesystems(Path registered, Path modules) {

    /** The running kernel's (Java's {@code os.version} is the kernel release, as {@code uname -r} prints it). */
    static KernelFilesystems running() {
        return new KernelFilesystems(Path.of("/proc/filesystems"),
                Path.of("/lib/modules", System.getProperty("os.version")));
    }

    /**
     * Why the kernel cannot mount {@code fsType}, or empty when it can or this node does not tell (no
     * /proc/filesystems to read).
     */
    Optional<String> unknown(String fsType) {
        Optional<Boolean> listed = lines(registered).map(lines -> lines
                .anyMatch(line -> line.substring(line.indexOf('\t') + 1).strip().equals(fsType)));
        if (listed.isEmpty() || listed.get()) {
            return Optional.empty();
        }
        Path aliases = modules.resolve("modules.alias");
        Optional<Boolean> module = lines(aliases).map(lines -> lines
                .anyMatch(line -> line.startsWith("alias fs-" + fsType + " ")));
        if (module.isPresent() && module.get()) {
            return Optional.empty();
        }
        return Optional.of("filesystem type " + fsType + " is not in " + registered + " and "
                + (module.isEmpty() ? "this kernel has no " + aliases : "no module in " + aliases + " provides it")
                + ": mounting fails until the kernel has it");
    }

    private static Optional<Stream<String>> lines(Path file) {
        try {
            return Optional.of(Files.readAllLines(file).stream());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
