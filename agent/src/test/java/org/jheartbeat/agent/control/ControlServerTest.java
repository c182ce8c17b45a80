package org.jheartbeat.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jheartbeat.agent.cli.RelayedCommands;
import org.jheartbeat.agent.config.ClusterConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server on a real socket: bad clients get an error or are dropped, and good ones are still served. */
class ControlServerTest {

    @TempDir
    Path dir;
    private ControlServer server;
    private ClusterConfig config;
    private FixedAgent agent;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        config = ClusterStates.reference(dir);
        agent = new FixedAgent(config, ClusterStates.referenceRunning(config));
        socket = dir.resolve("run/control.sock");
        server = ControlServer.open(socket, new RequestHandler(agent, new RelayedCommands(Clock.systemUTC())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void statusAnswersWithTheReport() throws IOException {
        ControlReply reply = ControlProtocol.decode(exchange("{\"command\":\"status\"}\n"), ControlReply.class);
        assertThat(reply.ok()).isTrue();
        assertThat(reply.status()).isEqualTo(agent.status());
    }

    @Test
    void socketDirectoryIsCreatedAndTheSocketRemovedOnClose() {
        assertThat(Files.isDirectory(socket.getParent())).isTrue();
        server.close();
        assertThat(socket).doesNotExist();
    }

    @Test
    void secondServerOnALiveSocketIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ControlServer.open(socket,
                new RequestHandler(agent, new RelayedCommands(Clock.systemUTC())))).hasMessageContaining("another agent");
    }

    @Test
    void malformedRequestsGetAnErrorNamingTheProblem() throws IOException {
        assertThat(error("not json\n")).isEqualTo("malformed");
        assertThat(error("{\"command\":\"status\",\"extra\":1}\n")).isEqualTo("malformed");
        assertThat(error("{\"command\":\"status\"} trailing\n")).isEqualTo("malformed");
        assertThat(error("[1,2]\n")).isEqualTo("malformed");
        assertThat(error("{\"command\":\"reboot\"}\n")).isEqualTo("unknown-command");
        assertThat(error("{\"command\":\"standby\",\"scope\":\"everything\"}\n")).isEqualTo("bad-argument");
        assertThat(error("{\"command\":\"cleanup\",\"target\":\"nothing\"}\n")).isEqualTo("bad-argument");
        assertThat(error("{\"command\":\"status\"," + "\"scope\":\"" + "x".repeat(10_000) + "\"}\n"))
                .isEqualTo("too-long");
        assertThat(agent.requests).isEmpty();
    }

    @Test
    void randomBytesNeverStopTheServer() throws IOException {
        Random random = new Random(6);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[random.nextInt(6000)];
            random.nextBytes(garbage);
            String reply = exchange(new String(garbage, StandardCharsets.ISO_8859_1) + "\n");
            assertThat(reply).as("reply to garbage #%d", i).satisfiesAnyOf(
                    text -> assertThat(text).contains("\"ok\":false"), text -> assertThat(text).isEmpty());
        }
        assertThat(agent.requests).isEmpty();
        statusAnswersWithTheReport();
    }

    @Test
    void silentClientsAreDroppedAfterTheReadTimeoutWhileOthersAreServed() throws Exception {
        List<SocketChannel> silent = new ArrayList<>();
        for (int i = 0; i < ControlServer.WORKERS * 2; i++) {
            silent.add(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        }
        long started = System.nanoTime();
        for (SocketChannel channel : silent) {
            assertThat(channel.read(ByteBuffer.allocate(16))).as("a silent client is closed without a reply")
                    .isEqualTo(-1);
            channel.close();
        }
        System.out.printf("silent clients dropped after %d ms (read timeout %d ms)%n",
                (System.nanoTime() - started) / 1_000_000, ControlProtocol.READ_TIMEOUT.toMillis());
        assertThat(server.dropped()).isGreaterThanOrEqualTo(silent.size());
        statusAnswersWithTheReport();
    }

    @Test
    void rootMayChangeTheCluster() throws IOException {
        assertThat(exchange("{\"command\":\"standby\",\"scope\":\"failback\"}\n")).contains("\"ok\":true");
        assertThat(exchange("{\"command\":\"takeover\"}\n")).contains("\"ok\":true");
        assertThat(exchange("{\"command\":\"standby\",\"scope\":\"all\",\"target\":\"slave\"}\n"))
                .contains("\"ok\":true").contains("standby all for node slave requested");
        assertThat(agent.requests).containsExactly("standby failback", "takeover all", "standby all for slave");
    }

    /** A cleanup refused because the group stays BLOCKED here has its own error, not the caller's bad argument. */
    @Test
    void aBlockedGroupsCleanupIsRefusedAsBlocked() throws IOException {
        String group = config.groups().get(0).id();
        agent.blocked.add(group);
        ControlReply reply = ControlProtocol.decode(exchange("{\"command\":\"cleanup\",\"target\":\"" + group
                + "\"}\n"), ControlReply.class);
        assertThat(reply.ok()).isFalse();
        assertThat(reply.error()).isEqualTo("blocked");
        assertThat(reply.message()).isEqualTo("group " + group + " is blocked here and stays so");
        assertThat(agent.requests).isEmpty();
    }

    private String error(String request) throws IOException {
        ControlReply reply = ControlProtocol.decode(exchange(request), ControlReply.class);
        assertThat(reply.ok()).isFalse();
        assertThat(reply.message()).isNotBlank();
        return reply.error();
    }

    private String exchange(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            try {
                channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                // the server may close a too-long request before reading it all; its reply is still there
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            try {
                while (channel.read(buffer.clear()) >= 0) {
                    reply.write(buffer.array(), 0, buffer.position());
                }
            } catch (IOException e) {
                // connection reset after the reply
            }
            return reply.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
