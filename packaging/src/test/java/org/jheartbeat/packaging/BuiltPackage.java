package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.ProcessCommandRunner;

/** The .deb this build made (the pom passes its path as jheartbeat.deb), read with dpkg-deb. */
final class BuiltPackage {

    private static final ProcessCommandRunner COMMANDS = new ProcessCommandRunner();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private BuiltPackage() {
    }

    static Path deb() {
        String path = System.getProperty("jheartbeat.deb");
        assertThat(path).as("system property jheartbeat.deb (set by packaging/pom.xml)").isNotBlank();
        Path deb = Path.of(path);
        assertThat(deb).as("the package built by mvn package").isRegularFile();
        return deb;
    }

    static CommandResult run(String... argv) {
        return COMMANDS.run(Command.of(TIMEOUT, argv));
    }

    static CommandResult run(Map<String, String> environment, String... argv) {
        return COMMANDS.run(Command.of(TIMEOUT, argv).withEnvironment(environment));
    }

    static String succeeding(String... argv) {
        CommandResult result = run(argv);
        assertThat(result.succeeded()).as(result.describe() + "\n" + result.stderr()).isTrue();
        return result.stdout();
    }

    /** The control file's fields, continuation lines folded into their field. */
    static Map<String, String> controlFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        String current = null;
        for (String line : succeeding("dpkg-deb", "--field", deb().toString()).split("\n")) {
            if (line.startsWith(" ") && current != null) {
                fields.merge(current, "\n" + line.strip(), String::concat);
            } else if (line.contains(":")) {
                current = line.substring(0, line.indexOf(':'));
                fields.put(current, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return fields;
    }

    static String controlMember(String name) {
        return succeeding("dpkg-deb", "--info", deb().toString(), name);
    }

    /** dpkg-deb --contents, one line per entry: mode, owner, size, date, time, path [-> target]. */
    static List<String> contents() {
        return Arrays.asList(succeeding("dpkg-deb", "--contents", deb().toString()).split("\n"));
    }

    /** Unpacks the data archive into a fresh directory, as dpkg would lay it out under /. */
    static Path extractTo(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        succeeding("dpkg-deb", "--extract", deb().toString(), directory.toString());
        return directory;
    }
}
