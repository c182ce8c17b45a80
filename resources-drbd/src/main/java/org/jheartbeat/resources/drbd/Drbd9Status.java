package org.jheartbeat.resources.drbd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * DRBD 9's view of one resource, from {@code drbdsetup status --json} or from the indented text of
 * {@code drbdadm status}. A resource may have several peers; the decisions here are about "the peer" of a
 * two-node heartbeat cluster, so peers condense to: Primary if any is, reachable if any is.
 */
public final class Drbd9Status {

    private Drbd9Status() {
    }

    /** One peer connection as DRBD 9 reports it. */
    private record Peer(String connection, String replication, Role role, DiskState disk, OptionalDouble synced) {
    }

    /**
     * @param source the command that printed {@code json}, named in errors
     * @return the resource's state, or {@link DrbdState#unconfigured()} when the output does not list it
     */
    public static DrbdState fromJson(String json, String resource, String source) {
        Object root;
        try {
            root = JSON.std.anyFrom(json);
        } catch (JsonProcessingException e) {
            throw new DrbdStateException(source + ": not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(root instanceof List<?> resources)) {
            throw new DrbdStateException(source + ": expected a JSON array of resources");
        }
        for (Map<?, ?> node : objects(resources, source)) {
            if (resource.equals(node.get("name"))) {
                return resourceFromJson(node, source);
            }
        }
        return DrbdState.unconfigured();
    }

    private static DrbdState resourceFromJson(Map<?, ?> node, String source) {
        Role role = Role.parse(required(node, "role", source), source);
        DiskState disk = null;
        for (Map<?, ?> device : nested(node, "devices", source)) {
            disk = worse(disk, DiskState.parse(required(device, "disk-state", source), source));
        }
        List<Peer> peers = new ArrayList<>();
        for (Map<?, ?> connection : nested(node, "connections", source)) {
            String replication = "Established";
            DiskState peerDisk = null;
            OptionalDouble synced = OptionalDouble.empty();
            for (Map<?, ?> peerDevice : nested(connection, "peer_devices", source)) {
                peerDisk = worse(peerDisk, DiskState.parse(required(peerDevice, "peer-disk-state", source), source));
                String state = peerDevice.get("replication-state") instanceof String text ? text : "Established";
                if (!state.equals("Established") && !state.equals("Off")) {
                    replication = state;
                    synced = peerDevice.get("percent-in-sync") instanceof Number percent
                            ? OptionalDouble.of(percent.doubleValue()) : synced;
                }
            }
            peers.add(new Peer(required(connection, "connection-state", source), replication,
                    Role.parse(required(connection, "peer-role", source), source),
                    peerDisk == null ? DiskState.UNKNOWN : peerDisk, synced));
        }
        return condense(role, disk, peers, source);
    }

    /** The objects in a field's array; none when the field is absent. */
    private static List<Map<?, ?>> nested(Map<?, ?> node, String field, String source) {
        return node.get(field) instanceof List<?> entries ? objects(entries, source) : List.of();
    }

    private static List<Map<?, ?>> objects(List<?> entries, String source) {
        List<Map<?, ?>> objects = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> object)) {
                throw new DrbdStateException(source + ": expected a JSON object, found " + entry);
            }
            objects.add(object);
        }
        return objects;
    }

    private static String required(Map<?, ?> node, String field, String source) {
        if (!(node.get(field) instanceof String value)) {
            throw new DrbdStateException(source + ": missing \"" + field + "\" in " + node);
        }
        return value;
    }

    /**
     * Parses {@code drbdadm status <resource>}: a line {@code <resource> role:<role>}, local
     * {@code disk:} lines, then per peer a line {@code <peer> role:<role>} or {@code <peer> connection:<state>}
     * followed by {@code replication:}/{@code peer-disk:} lines.
     */
    public static DrbdState fromText(String text, String resource, String source) {
        Role role = null;
        DiskState disk = null;
        List<Peer> peers = new ArrayList<>();
        Peer peer = null;
        boolean inResource = false;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = source + ":" + (i + 1);
            if (line.isBlank()) {
                continue;
            }
            String[] tokens = line.strip().split("\\s+");
            if (!Character.isWhitespace(line.charAt(0))) {
                if (inResource) {
                    break;
                }
                inResource = tokens[0].equals(resource);
                if (inResource) {
                    role = Role.parse(value(tokens, "role", where), where);
                }
                continue;
            }
            if (!inResource) {
                continue;
            }
            if (!tokens[0].contains(":")) {
                if (peer != null) {
                    peers.add(peer);
                }
                String connection = optionalValue(tokens, "connection");
                String peerRole = optionalValue(tokens, "role");
                peer = new Peer(connection == null ? "Connected" : connection, "Established",
                        peerRole == null ? Role.UNKNOWN : Role.parse(peerRole, where), DiskState.UNKNOWN,
                        OptionalDouble.empty());
            } else if (peer == null) {
                String localDisk = optionalValue(tokens, "disk");
                if (localDisk != null) {
                    disk = worse(disk, DiskState.parse(localDisk, where));
                }
            } else {
                peer = peerDetails(peer, tokens, where);
            }
        }
        if (role == null) {
            return DrbdState.unconfigured();
        }
        if (peer != null) {
            peers.add(peer);
        }
        return condense(role, disk, peers, source);
    }

    private static Peer peerDetails(Peer peer, String[] tokens, String where) {
        String peerDisk = optionalValue(tokens, "peer-disk");
        String replication = optionalValue(tokens, "replication");
        String done = optionalValue(tokens, "done");
        DiskState disk = peerDisk == null ? peer.disk()
                : worse(peer.disk() == DiskState.UNKNOWN ? null : peer.disk(), DiskState.parse(peerDisk, where));
        boolean syncing = replication != null && !replication.equals("Established") && !replication.equals("Off");
        return new Peer(peer.connection(), syncing ? replication : peer.replication(), peer.role(), disk,
                done == null ? peer.synced() : OptionalDouble.of(Double.parseDouble(done)));
    }

    private static String value(String[] tokens, String key, String where) {
        String value = optionalValue(tokens, key);
        if (value == null) {
            throw new DrbdStateException(where + ": expected " + key + ":<value> in '" + String.join(" ", tokens) + "'");
        }
        return value;
    }

    private static String optionalValue(String[] tokens, String key) {
        for (String token : tokens) {
            if (token.startsWith(key + ":")) {
                return token.substring(key.length() + 1);
            }
        }
        return null;
    }

    /** The worse of two volumes' states; {@code current} is null before the first volume. */
    private static DiskState worse(DiskState current, DiskState next) {
        return current == null ? next : DiskState.worse(current, next);
    }

    private static DrbdState condense(Role role, DiskState reportedDisk, List<Peer> peers, String source) {
        // A resource without any volume reported has no local data.
        DiskState disk = reportedDisk == null ? DiskState.DISKLESS : reportedDisk;
        if (peers.isEmpty()) {
            return new DrbdState("StandAlone", ConnectionState.STANDALONE, role, Role.UNKNOWN, disk, DiskState.UNKNOWN,
                    OptionalDouble.empty());
        }
        Peer chosen = peers.stream().filter(p -> p.role() == Role.PRIMARY).findFirst()
                .or(() -> peers.stream().filter(p -> p.connection().equals("Connected")).findFirst())
                .orElse(peers.get(0));
        String connection = chosen.connection().equals("Connected") ? chosen.replication() : chosen.connection();
        ConnectionState connectionState = ConnectionState.of(connection, source);
        boolean reachable = connectionState.peerReachable();
        return new DrbdState(connection.equals("Established") ? "Connected" : connection, connectionState, role,
                reachable ? chosen.role() : Role.UNKNOWN, disk, reachable ? chosen.disk() : DiskState.UNKNOWN,
                chosen.synced());
    }
}
