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
        assertThat(contents).anySatisfy(line -> assertThat(line)
                .matches(".* \\./usr/share/jheartbeat/lib/agent-[^/]+\\.jar"));
        assertThat(contents).anySatisfy(line -> assertThat(line)
                .matches(".* \\./usr/share/jheartbeat/lib/resources-ipaddr-[^/]+\\.jar"));
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
                "./usr/share/man/man5/jheartbeat.conf.5.gz", "./usr/share/doc/jheartbeat/changelog.gz",
                "./usr/share/doc/jheartbeat/copyright", "./usr/share/bash-completion/completions/hbctl",
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
