package org.jheartbeat.agent.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A heartbeat configuration directory written by a test: authkeys gets mode 600 like a real one. */
final class ConfigDir {

    static final String HA_CF = """
            keepalive 2
            deadtime 10
            bcast eth0
            node master slave
            auto_failback on
            """;
    static final String HARESOURCES = "master IPaddr::192.168.0.174/24/eth0 drbddisk::r0 "
            + "Filesystem::/dev/drbd0::/data::ext3 nfs-kernel-server\n";
    static final String AUTHKEYS = "auth 1\n1 sha1 test-secret\n";

    private final Path dir;

    ConfigDir(Path dir) {
        this.dir = dir;
    }

    /** A small valid two-node configuration. */
    static ConfigDir valid(Path dir) {
        return new ConfigDir(dir).haCf(HA_CF).haresources(HARESOURCES).authkeys(AUTHKEYS);
    }

    ConfigDir haCf(String text) {
        return write("ha.cf", text);
    }

    ConfigDir haresources(String text) {
        return write("haresources", text);
    }

    ConfigDir authkeys(String text) {
        write("authkeys", text);
        try {
            Files.setPosixFilePermissions(dir.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ConfigDir settings(String text) {
        return write("jheartbeat.conf", text);
    }

    ConfigDir write(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Path path() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Sources reading this directory as node {@code node}, with settings from jheartbeat.conf here. */
    ConfigSources sources(String node) {
        return ConfigSources.defaults().withConfigDir(dir).withLocalNode(node)
                .withSettingsFile(dir.resolve("jheartbeat.conf"));
    }

    ConfigLoader.Result load(String node) {
        return new ConfigLoader(ConfigDir.class.getClassLoader()).load(sources(node));
    }
}
