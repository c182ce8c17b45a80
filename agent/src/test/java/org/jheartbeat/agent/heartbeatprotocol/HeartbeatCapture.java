package org.jheartbeat.agent.heartbeatprotocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jheartbeat.agent.config.AuthKeys;
import org.jheartbeat.agent.config.SourceLocation;

/**
 * One run of record.sh (src/test/resources/heartbeat-protocol): two real heartbeat 3.0.6 nodes' packets, with
 * each node's address, uuid and authkeys, the steps of the run, and the warnings and errors each node logged.
 */
public record HeartbeatCapture(String name, Map<String, Node> nodes, List<Packet> packets, List<String> events,
        List<String> logs) {

    /** The runs record.sh makes: every authkeys method on every medium. */
    static final List<String> RUNS = List.of("crc-bcast", "crc-mcast", "crc-ucast", "md5-bcast", "md5-mcast",
            "md5-ucast", "sha1-bcast", "sha1-mcast", "sha1-ucast");

    public record Node(String name, String address, byte[] uuid, AuthKeys keys) {
    }

    public record Packet(long millis, String source, String destination, byte[] bytes, String lastEvent) {

        String sourceAddress() {
            return source.substring(0, source.indexOf(':'));
        }
    }

    public Node sender(Packet packet) {
        return nodes.values().stream().filter(node -> node.address().equals(packet.sourceAddress())).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + ": no node at " + packet.source()));
    }

    static List<HeartbeatCapture> all() {
        return RUNS.stream().map(HeartbeatCapture::load).toList();
    }

    public static HeartbeatCapture load(String name) {
        String resource = "/heartbeat-protocol/" + name + ".capture";
        String text;
        try (InputStream in = HeartbeatCapture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no capture " + resource + ": run record.sh beside it");
            }
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String[]> nodeLines = new HashMap<>();
        Map<String, List<String>> keyLines = new HashMap<>();
        List<Packet> packets = new ArrayList<>();
        List<String> events = new ArrayList<>();
        List<String> logs = new ArrayList<>();
        String lastEvent = "";
        for (String line : text.split("\n")) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "node" -> nodeLines.put(words[1], words);
                case "authkeys" -> keyLines.computeIfAbsent(words[1], n -> new ArrayList<>())
                        .add(line.substring(("authkeys " + words[1] + " ").length()));
                case "event" -> {
                    lastEvent = words[2];
                    events.add(lastEvent);
                }
                case "log" -> logs.add(line);
                case "packet" -> packets.add(new Packet(Long.parseLong(words[1]), words[2], words[3],
                        HexFormat.of().parseHex(words[4]), lastEvent));
                default -> {
                }
            }
        }
        Map<String, Node> nodes = new HashMap<>();
        nodeLines.forEach((node, words) -> nodes.put(node, new Node(node, words[2],
                HexFormat.of().parseHex(words[3].substring("uuid=".length())), authKeys(keyLines.get(node)))));
        return new HeartbeatCapture(name, nodes, packets, events, logs);
    }

    /** authkeys lines as heartbeat reads them: {@code auth N}, then {@code N method [secret]}. */
    static AuthKeys authKeys(List<String> lines) {
        int active = -1;
        Map<Integer, AuthKeys.AuthKey> keys = new HashMap<>();
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("auth")) {
                active = Integer.parseInt(words[1]);
            } else {
                int index = Integer.parseInt(words[0]);
                keys.put(index, new AuthKeys.AuthKey(index, AuthKeys.Method.valueOf(words[1].toUpperCase()),
                        words.length > 2 ? words[2] : "", SourceLocation.wholeFile(Path.of("authkeys"))));
            }
        }
        return new AuthKeys(active, keys);
    }

    @Override
    public String toString() {
        return name;
    }
}
