package org.jheartbeat.agent.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** heartbeat's script environment, from the reference setup's ha.cf (logfacility local0, auto_failback on). */
class ScriptEnvironmentTest {

    @TempDir
    Path dir;

    private ClusterConfig config(String extraHaCf) throws IOException {
        for (String name : List.of("ha.cf", "haresources", "authkeys")) {
            Files.copy(Path.of("../etc/ha.d").resolve(name), dir.resolve(name));
        }
        Files.writeString(dir.resolve("ha.cf"), Files.readString(dir.resolve("ha.cf")) + extraHaCf);
        Files.setPosixFilePermissions(dir.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(dir.resolve("resource.d"));
        for (String name : List.of("IPaddr", "drbddisk", "Filesystem", "nfs-kernel-server")) {
            Files.writeString(dir.resolve("resource.d").resolve(name), "#!/bin/sh\nexit 0\n");
        }
        ConfigSources sources = ConfigSources.defaults().withConfigDir(dir).withLocalNode("master")
                .withSettingsFile(dir.resolve("absent.conf"));
        return new ConfigLoader(getClass().getClassLoader()).load(sources).config().orElseThrow();
    }

    @Test
    void givesWhatHeartbeatGaveItsScriptsSoThatHaLogReachesSyslog() throws IOException {
        ScriptEnvironment environment = ScriptEnvironment.of(config(""), ScriptDirectories.forConfigDir(dir));

        Map<String, String> variables = environment.variables();
        assertThat(variables).containsEntry("HA_CURHOST", "master")
                .containsEntry("HA_DIR", dir.toString())
                .containsEntry("HA_FUNCS", "/etc/ha.d/shellfuncs")
                .containsEntry("HA_RESOURCEDIR", dir.resolve("resource.d").toString())
                .containsEntry("HA_LOGFACILITY", "local0")
                .containsEntry("HA_DEBUGLOG", "/dev/null")
                .containsEntry("HA_debug", "0")
                .containsEntry("HA_LOGD", "no")
                .containsEntry("HA_NICEFAILBACK", "yes")
                .containsEntry("OCF_ROOT", "/usr/lib/ocf")
                .containsEntry("HA_DATEFMT", "%Y/%m/%d_%T\t")
                .doesNotContainKey("HA_LOGFILE");
        assertThat(variables.get("PATH")).startsWith("/usr/libexec/heartbeat:/usr/sbin:/usr/share/heartbeat:")
                .endsWith(":/usr/bin:/sbin:/bin");
    }

    @Test
    void followsTheSitesLogFilesAndItsOwnShellFunctions() throws IOException {
        ClusterConfig config = config("logfile /var/log/ha-log\ndebugfile /var/log/ha-debug\nauto_failback legacy\n");
        Files.writeString(dir.resolve("shellfuncs"), ": site functions\n");

        Map<String, String> variables = ScriptEnvironment.of(config, ScriptDirectories.forConfigDir(dir)).variables();

        assertThat(variables).containsEntry("HA_LOGFILE", "/var/log/ha-log")
                .containsEntry("HA_DEBUGLOG", "/var/log/ha-debug")
                .containsEntry("HA_FUNCS", dir.resolve("shellfuncs").toString())
                .doesNotContainKey("HA_NICEFAILBACK");
    }
}
