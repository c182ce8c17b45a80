package org.jheartbeat.agent.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jheartbeat.agent.control.ControlProtocol;
import org.jheartbeat.agent.control.ControlRequest;

/** A command asked as the launchers' relay asks it, its chunks read back (control.CommandRelay's format). */
final class RelayAnswer {

    private RelayAnswer() {
    }

    /** @param argv the command line, the program's path first (its file name is the relayed program) */
    static HeartbeatCommandsCompatibilityTest.Answer ask(Path socket, List<String> argv) throws IOException {
        String program = Path.of(argv.get(0)).getFileName().toString();
        String request = ControlProtocol.encode(new ControlRequest("relay", null, program, null, null, argv, 4242L));
        byte[] answer;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            try (InputStream in = Channels.newInputStream(channel)) {
                answer = in.readAllBytes();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int end = indexOf(answer, at);
            String header = new String(answer, at, end - at, StandardCharsets.US_ASCII);
            at = end + 1;
            if (header.startsWith("exit ")) {
                if (at != answer.length) {
                    throw new IOException("bytes after the exit code: " + new String(answer, StandardCharsets.UTF_8));
                }
                return new HeartbeatCommandsCompatibilityTest.Answer(out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8), Integer.parseInt(header.substring(5)), true);
            }
            String[] chunk = header.split(" ");
            int length = Integer.parseInt(chunk[1]);
            (chunk[0].equals("1") ? out : err).write(answer, at, length);
            at += length;
        }
    }

    private static int indexOf(byte[] answer, int from) throws IOException {
        for (int i = from; i < answer.length; i++) {
            if (answer[i] == '\n') {
                return i;
            }
        }
        throw new IOException("no exit code in the relay's answer: " + new String(answer, StandardCharsets.UTF_8));
    }
}
