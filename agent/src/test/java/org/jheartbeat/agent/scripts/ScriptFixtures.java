package org.jheartbeat.agent.scripts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Real scripts in a temporary tree laid out like a node's ({@code resource.d}, {@code init.d}, an OCF root),
 * each following its convention, recording every call as one line in {@link #calls()} and failing or hanging
 * on demand: {@code makeFail(name, action)} makes every run of that action fail until cleared.
 */
public final class ScriptFixtures {

    private final Path root;
    private final Path state;
    private final Path calls;
    private final ScriptDirectories directories;

    public ScriptFixtures(Path root) {
        this.root = root;
        this.state = root.resolve("state");
        this.calls = root.resolve("calls");
        this.directories = new ScriptDirectories(root.resolve("ha.d/resource.d"), root.resolve("init.d"),
                root.resolve("ocf"));
        try {
            Files.createDirectories(state);
            Files.createDirectories(directories.resourceD());
            Files.createDirectories(directories.initD());
            Files.createDirectories(directories.ocfRoot().resolve("resource.d/test"));
            Files.writeString(calls, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ScriptDirectories directories() {
        return directories;
    }

    /**
     * A heartbeat resource.d script: records {@code NAME ARGS... ACTION}, keeps its running state in a file,
     * answers status in words ({@code running} / {@code NAME is not running}).
     */
    public Path resourceD(String name) {
        return write(directories.resourceD().resolve(name), name, """
                case $action in
                  start) touch "$RUNNING";;
                  stop) rm -f "$RUNNING";;
                  status) if [ -e "$RUNNING" ]; then echo "$NAME is running"; else echo "$NAME is not running"; fi;;
                esac
                exit 0
                """);
    }

    /** An LSB init script: records {@code NAME ACTION}, answers status with 0 or 3. */
    public Path initD(String name) {
        return write(directories.initD().resolve(name), name, """
                case $action in
                  start) touch "$RUNNING";;
                  stop) rm -f "$RUNNING";;
                  status) if [ -e "$RUNNING" ]; then echo "$NAME is running"; exit 0; fi
                          echo "$NAME is not running"; exit 3;;
                esac
                exit 0
                """);
    }

    /**
     * An OCF agent {@code ocf:test:NAME}: records {@code NAME ACTION} and then its OCF environment
     * ({@code OCF_ROOT}, the instance and every {@code OCF_RESKEY_} except the timeout) on the same line.
     */
    public Path ocf(String name) {
        return write(directories.ocfAgent("test", name), name, """
                env | grep -E '^OCF_(ROOT|RESOURCE_INSTANCE|RESOURCE_PROVIDER|RESOURCE_TYPE|RESKEY_)' \\
                    | grep -v CRM_meta | sort | tr '\\n' ' ' >> "$CALLS"
                echo >> "$CALLS"
                case $action in
                  start) touch "$RUNNING"; exit 0;;
                  stop) rm -f "$RUNNING"; exit 0;;
                  monitor) [ -e "$RUNNING" ] && exit 0; exit 7;;
                  validate-all) exit 0;;
                esac
                exit 3
                """);
    }

    /** Makes every run of {@code action} of script {@code name} exit with {@code exitCode}, saying why on stderr. */
    public void makeFail(String name, String action, int exitCode) {
        writeControl(name + ".fail-" + action, Integer.toString(exitCode));
    }

    /** Makes every run of {@code action} of script {@code name} hang for a minute. */
    public void makeHang(String name, String action) {
        makeSlow(name, action, 60);
    }

    /** Makes the action take {@code seconds} before it does its work, as a database flushing on stop does. */
    public void makeSlow(String name, String action, int seconds) {
        writeControl(name + ".hang-" + action, Integer.toString(seconds));
    }

    public void clearFailures(String name, String action) {
        try {
            Files.deleteIfExists(state.resolve(name + ".fail-" + action));
            Files.deleteIfExists(state.resolve(name + ".hang-" + action));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a running resource disappear behind the script's back, as a crashed daemon does. */
    public void crash(String name) {
        try {
            Files.deleteIfExists(state.resolve(name + ".running"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean running(String name) {
        return Files.exists(state.resolve(name + ".running"));
    }

    /** Every call so far, one line each, in order. */
    public List<String> calls() {
        try {
            return Files.readAllLines(calls).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void clearCalls() {
        try {
            Files.writeString(calls, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    private void writeControl(String file, String content) {
        try {
            Files.writeString(state.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path write(Path script, String name, String body) {
        String header = """
                #!/bin/sh
                NAME=%s
                RUNNING='%s'
                CALLS='%s'
                CONTROL='%s'
                for action; do :; done
                printf '%%s' "$NAME $*" >> "$CALLS"
                [ -n "$OCF_RA_VERSION_MAJOR" ] && printf ' | ' >> "$CALLS" || echo >> "$CALLS"
                if [ -e "$CONTROL.hang-$action" ]; then sleep "$(cat "$CONTROL.hang-$action")"; fi
                if [ -e "$CONTROL.fail-$action" ]; then
                  echo "$NAME: $action failed on purpose" >&2
                  [ -n "$OCF_RA_VERSION_MAJOR" ] && echo "ocf-exit-reason:$NAME $action failed on purpose" >&2
                  exit "$(cat "$CONTROL.fail-$action")"
                fi
                """.formatted(name, state.resolve(name + ".running"), calls, state.resolve(name));
        try {
            Files.createDirectories(script.getParent());
            Files.writeString(script, header + body);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }
}
