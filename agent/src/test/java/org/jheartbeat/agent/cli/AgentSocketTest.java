package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every client finds the socket one way: the environment, else jheartbeat.conf, else the default. */
class AgentSocketTest {

    @TempDir
    Path dir;

    @Test
    void theEnvironmentComesFirst() throws IOException {
        Path settings = settings("jheartbeat { control-socket = \"/srv/ha/control.sock\" }");

        assertThat(AgentSocket.locate(Map.of("JHEARTBEAT_CONTROL_SOCKET", "/tmp/x.sock"), settings))
                .isEqualTo(Path.of("/tmp/x.sock"));
    }

    @Test
    void thenTheSettingsFileAsTheAgentReadsIt() throws IOException {
        assertThat(AgentSocket.locate(Map.of(), settings("jheartbeat { control-socket = \"/srv/ha/control.sock\" }")))
                .isEqualTo(Path.of("/srv/ha/control.sock"));
        assertThat(AgentSocket.locate(Map.of(), settings("jheartbeat.control-socket = /srv/ha/flat.sock\n")))
                .isEqualTo(Path.of("/srv/ha/flat.sock"));
    }

    @Test
    void thenTheDefault() throws IOException {
        Path commented = settings("""
                jheartbeat {
                  # control-socket = "/srv/ha/control.sock"
                }
                """);
        assertThat(AgentSocket.locate(Map.of(), commented)).isEqualTo(ControlClient.DEFAULT_SOCKET);
        assertThat(AgentSocket.locate(Map.of(), dir.resolve("absent.conf"))).isEqualTo(ControlClient.DEFAULT_SOCKET);
        assertThat(AgentSocket.locate(Map.of(), settings("jheartbeat { control-socket = ")))
                .isEqualTo(ControlClient.DEFAULT_SOCKET);
    }

    @Test
    void noDenialWhereThePermissionsLetThrough() {
        assertThat(AgentSocket.denial(dir.resolve("control.sock"))).isEmpty();
    }

    private Path settings(String text) throws IOException {
        return Files.writeString(dir.resolve("jheartbeat.conf"), text);
    }
}
