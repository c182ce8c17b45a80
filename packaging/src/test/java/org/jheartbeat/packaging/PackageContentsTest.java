package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What dpkg would put on disk: paths, modes and links. */
class PackageContentsTest {

    private final List<String> contents = BuiltPackage.contents();

    @Test
    void commandsAreLinksToTheLaunchersBesideTheLibraries() {
        assertThat(entry("./usr/sbin/jheartbeat")).hasValueSatisfying(line -> assertThat(line)
                .startsWith("lrwxrwxrwx").endsWith("-> ../share/jheartbeat/bin/jheartbeat"));
        assertThat(entry("./usr/sbin/hbctl")).hasValueSatisfying(line -> assertThat(line)
                .startsWith("lrwxrwxrwx").endsWith("-> ../share/jheartbeat/bin/hbctl"));
        assertThat(entry("./usr/share/jheartbeat/bin/jheartbeat")).hasValueSatisfying(line -> assertThat(line)
                .startsWith("-rwxr-xr-x root/root"));
    }

    @Test
    void heartbeatsCommandsAreLinksToTheClientLaunchers() {
        assertThat(entry("./usr/bin/cl_status")).hasValueSatisfying(line -> assertThat(line)
                .endsWith("-> ../share/jheartbeat/bin/cl_status"));
        assertThat(entry("./usr/share/heartbeat/hb_standby")).hasValueSatisfying(line -> assertThat(line)
                .endsWith("-> ../jheartbeat/bin/hb_standby"));
        assertThat(entry("./usr/share/heartbeat/hb_takeover")).hasValueSatisfying(line -> assertThat(line)
                .endsWith("-> ../jheartbeat/bin/hb_takeover"));
        assertThat(entry("./usr/share/man/man1/cl_status.1.gz")).isPresent();
    }

    @Test
    void everyModuleOfTheAgentIsOnTheClasspath() {
        for (String module : List.of("resource-api", "agent", "resources-ipaddr", "resources-drbd",
                "resources-filesystem", "resources-nfs", "resources-iscsi")) {
            assertThat(contents).as(module).anySatisfy(line -> assertThat(line)
                    .matches(".* \\./usr/share/jheartbeat/lib/" + module + "-\\d[^/]*\\.jar"));
        }
    }

    /** JNA is Debian's (libjna-java, on the launchers' classpath), so nothing unpacks a native library at run time. */
    @Test
    void noJnaJarNorAnnotationOnlyJars() {
        for (String dropped : List.of("jna", "error_prone_annotations", "j2objc-annotations", "jspecify")) {
            assertThat(contents).as(dropped).noneMatch(line -> line
                    .matches(".* \\./usr/share/jheartbeat/lib/" + dropped + "-\\d[^/]*\\.jar"));
        }
    }

    @Test
    void serviceUnderHeartbeatsNamesForSystemdAndSysvinit() {
        assertThat(entry("./lib/systemd/system/heartbeat.service")).isPresent();
        assertThat(entry("./etc/init.d/heartbeat")).hasValueSatisfying(line -> assertThat(line)
                .startsWith("-rwxr-xr-x root/root"));
        assertThat(entry("./usr/lib/tmpfiles.d/jheartbeat.conf")).isPresent();
    }

    @Test
    void documentationManPagesAndCompletion() {
        for (String path : List.of("./usr/share/man/man8/jheartbeat.8.gz", "./usr/share/man/man8/hbctl.8.gz",
                "./usr/share/man/man8/heartbeat.8.gz",
                "./usr/share/man/man5/jheartbeat.conf.5.gz", "./usr/share/man/man5/ha.cf.5.gz",
                "./usr/share/man/man5/haresources.5.gz", "./usr/share/man/man5/authkeys.5.gz",
                "./usr/share/man/man1/hb_standby.1.gz", "./usr/share/man/man1/hb_takeover.1.gz",
                "./usr/share/doc/jheartbeat/migration.md.gz", "./usr/share/doc/jheartbeat/troubleshooting.md.gz",
                "./usr/share/doc/jheartbeat/resources-ipaddr/README.md.gz",
                "./usr/share/doc/jheartbeat/resources-drbd/README.md.gz",
                "./usr/share/doc/jheartbeat/resources-filesystem/README.md.gz",
                "./usr/share/doc/jheartbeat/resources-nfs/README.md.gz",
                "./usr/share/doc/jheartbeat/resources-iscsi/README.md.gz",
                "./usr/share/doc/jheartbeat/changelog.gz",
                "./usr/share/doc/jheartbeat/copyright", "./usr/share/bash-completion/completions/hbctl",
                "./usr/share/bash-completion/completions/cl_status",
                "./usr/share/bash-completion/completions/hb_standby",
                "./usr/share/bash-completion/completions/hb_takeover",
                "./usr/share/doc/jheartbeat/examples/ha.d/ha.cf",
                "./usr/share/doc/jheartbeat/examples/ha.d/haresources",
                "./usr/share/doc/jheartbeat/examples/ha.d/authkeys", "./etc/jheartbeat/jheartbeat.conf")) {
            assertThat(entry(path)).as(path).isPresent();
        }
    }

    @Test
    void shipsNothingUnderHeartbeatsConfigurationDirectories() {
        assertThat(contents).noneSatisfy(line -> assertThat(line).contains(" ./etc/ha.d"));
        assertThat(contents).noneSatisfy(line -> assertThat(line).contains(" ./etc/heartbeat/"));
    }

    @Test
    void everythingBelongsToRoot() {
        assertThat(contents).allSatisfy(line -> assertThat(line.split("\\s+")[1]).isEqualTo("root/root"));
    }

    private Optional<String> entry(String path) {
        return contents.stream().filter(line -> line.endsWith(" " + path) || line.contains(" " + path + " -> "))
                .findFirst();
    }
}
