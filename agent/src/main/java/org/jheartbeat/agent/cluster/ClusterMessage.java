package org.jheartbeat.agent.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Placement;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;

/**
 * What agents tell each other, and its wire form: a version byte, a type byte, then the fields. Decoding
 * refuses anything malformed with {@link MalformedMessageException}, whatever bytes it is given.
 */
sealed interface ClusterMessage {

    byte VERSION = 1;
    int MAX_ITEMS = 4096;

    /** A node's state, answering the coordinator's request of {@code epoch} (or sent on a change since). */
    record StateReport(long epoch, NodeState state) implements ClusterMessage {
    }

    /** The coordinator asks every member for its state after a membership change. */
    record StateRequest(long epoch) implements ClusterMessage {
    }

    /** The coordinator's decision: what each member must do. */
    record Instructions(long epoch, List<Placement.Action> actions) implements ClusterMessage {
        public Instructions {
            actions = List.copyOf(actions);
        }
    }

    /** An operator on another node asks {@code node} to issue this standby or takeover request itself. */
    record Delegated(String node, Request.Kind kind, Scope scope) implements ClusterMessage {
    }

    /**
     * The sender's agent restarts in place and leaves {@code groups} running: it means to be back within
     * {@code backWithinMillis}, and otherwise to have released them within {@code releasedWithinMillis} more.
     */
    record Restarting(Set<String> groups, long backWithinMillis, long releasedWithinMillis) implements ClusterMessage {
        public Restarting {
            groups = Set.copyOf(groups);
        }
    }

    /** The sender keeps {@code node}'s groups for its restart in place: the answer to {@link Restarting}. */
    record RestartNoted(String node) implements ClusterMessage {
    }

    /**
     * The sender's configuration: its digest ({@link org.jheartbeat.agent.config.ClusterDigest}) and the groups its
     * haresources names. Sent before each state report and after each reload, so that a coordinator never places a
     * group where it is unknown.
     */
    record Configuration(String digest, List<String> groups) implements ClusterMessage {
        public Configuration {
            groups = List.copyOf(groups);
        }
    }

    /**
     * The sender leaves the cluster cleanly (a stop, a restart in place): what it held is handed over or held for it,
     * so the last packets of this run of its agent do not make it a node heard outside the view ({@link SplitPeers},
     * {@link org.jheartbeat.agent.membership.LinkGuard#departed}).
     */
    record Leaving() implements ClusterMessage {
    }

    /**
     * Sent by the guard of the sender's agent {@code generation}, once that agent is gone without stopping its groups
     * (sealed ahead by the agent, {@link org.jheartbeat.agent.membership.Membership#sealAhead}): it is stopping every
     * group there, and has stopped them, or fenced the node, within {@code releasedWithinMillis}.
     */
    record GuardReleasing(long generation, long releasedWithinMillis) implements ClusterMessage {
    }

    /** Sent by the same guard once every group of that agent has stopped there: nothing of it runs any more. */
    record GuardReleased(long generation) implements ClusterMessage {
    }

    /**
     * The sender's groups whose stop failed there and that stay there (BLOCKED, or FENCING): for status only, sent
     * whenever they change and when a node arrives. An agent that does not know it drops it (unknown type).
     */
    record Blocked(Set<String> groups) implements ClusterMessage {
        public Blocked {
            groups = Set.copyOf(groups);
        }
    }

    final class MalformedMessageException extends Exception {
        MalformedMessageException(String message) {
            super(message);
        }
    }

    static byte[] encode(ClusterMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (message instanceof StateReport report) {
                out.writeByte(1);
                out.writeLong(report.epoch());
                writeState(out, report.state());
            } else if (message instanceof StateRequest request) {
                out.writeByte(2);
                out.writeLong(request.epoch());
            } else if (message instanceof Delegated delegated) {
                out.writeByte(4);
                out.writeUTF(delegated.node());
                out.writeByte(delegated.kind().ordinal());
                out.writeByte(delegated.scope().ordinal());
            } else if (message instanceof RestartNoted noted) {
                out.writeByte(6);
                out.writeUTF(noted.node());
            } else if (message instanceof Restarting restarting) {
                out.writeByte(5);
                writeGroups(out, restarting.groups());
                out.writeLong(restarting.backWithinMillis());
                out.writeLong(restarting.releasedWithinMillis());
            } else if (message instanceof Leaving) {
                out.writeByte(8);
            } else if (message instanceof GuardReleasing releasing) {
                out.writeByte(9);
                out.writeLong(releasing.generation());
                out.writeLong(releasing.releasedWithinMillis());
            } else if (message instanceof GuardReleased released) {
                out.writeByte(10);
                out.writeLong(released.generation());
            } else if (message instanceof Blocked blocked) {
                out.writeByte(11);
                writeGroups(out, blocked.groups());
            } else if (message instanceof Configuration configuration) {
                out.writeByte(7);
                out.writeUTF(configuration.digest());
                out.writeInt(configuration.groups().size());
                for (String group : configuration.groups()) {
                    out.writeUTF(group);
                }
            } else {
                Instructions instructions = (Instructions) message;
                out.writeByte(3);
                out.writeLong(instructions.epoch());
                out.writeInt(instructions.actions().size());
                for (Placement.Action action : instructions.actions()) {
                    out.writeUTF(action.node());
                    out.writeByte(action.kind().ordinal());
                    out.writeUTF(action.group());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ClusterMessage decode(byte[] bytes) throws MalformedMessageException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new MalformedMessageException("message version " + version + ", expected " + VERSION);
            }
            byte type = in.readByte();
            ClusterMessage message = switch (type) {
                case 1 -> new StateReport(in.readLong(), readState(in));
                case 2 -> new StateRequest(in.readLong());
                case 3 -> {
                    long epoch = in.readLong();
                    int count = count(in);
                    List<Placement.Action> actions = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        actions.add(new Placement.Action(in.readUTF(),
                                enumAt(Placement.ActionKind.values(), in.readByte()), in.readUTF()));
                    }
                    yield new Instructions(epoch, actions);
                }
                case 4 -> new Delegated(in.readUTF(), enumAt(Request.Kind.values(), in.readByte()),
                        enumAt(Scope.values(), in.readByte()));
                case 5 -> new Restarting(readGroups(in), duration(in), duration(in));
                case 6 -> new RestartNoted(in.readUTF());
                case 7 -> {
                    String digest = in.readUTF();
                    int count = count(in);
                    List<String> groups = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        groups.add(in.readUTF());
                    }
                    yield new Configuration(digest, groups);
                }
                case 8 -> new Leaving();
                case 9 -> new GuardReleasing(in.readLong(), duration(in));
                case 10 -> new GuardReleased(in.readLong());
                case 11 -> new Blocked(readGroups(in));
                default -> throw new MalformedMessageException("unknown message type " + type);
            };
            if (in.available() > 0) {
                throw new MalformedMessageException(in.available() + " bytes after the message");
            }
            return message;
        } catch (EOFException e) {
            throw new MalformedMessageException("message ends early");
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable message: " + e.getMessage());
        }
    }

    private static void writeState(DataOutputStream out, NodeState state) throws IOException {
        out.writeUTF(state.node());
        out.writeInt(state.holdings().size());
        for (Map.Entry<String, Holding> holding : state.holdings().entrySet()) {
            out.writeUTF(holding.getKey());
            out.writeByte(holding.getValue().ordinal());
        }
        writeGroups(out, state.failedGroups());
        out.writeInt(state.pingReachable());
        out.writeBoolean(state.request().isPresent());
        if (state.request().isPresent()) {
            Request request = state.request().get();
            out.writeByte(request.kind().ordinal());
            out.writeByte(request.scope().ordinal());
            out.writeLong(request.sequence());
        }
        // Last, and only when there are any: an agent built before they existed reads every other report.
        if (!state.excludedGroups().isEmpty()) {
            writeGroups(out, state.excludedGroups());
        }
    }

    private static void writeGroups(DataOutputStream out, Set<String> groups) throws IOException {
        out.writeInt(groups.size());
        for (String group : groups) {
            out.writeUTF(group);
        }
    }

    private static Set<String> readGroups(DataInputStream in) throws IOException, MalformedMessageException {
        int count = count(in);
        Set<String> groups = new HashSet<>();
        for (int i = 0; i < count; i++) {
            groups.add(in.readUTF());
        }
        return groups;
    }

    private static NodeState readState(DataInputStream in) throws IOException, MalformedMessageException {
        String node = in.readUTF();
        int holdingCount = count(in);
        Map<String, Holding> holdings = new HashMap<>();
        for (int i = 0; i < holdingCount; i++) {
            holdings.put(in.readUTF(), enumAt(Holding.values(), in.readByte()));
        }
        Set<String> failed = readGroups(in);
        int pingReachable = in.readInt();
        Optional<Request> request = Optional.empty();
        if (in.readBoolean()) {
            request = Optional.of(new Request(enumAt(Request.Kind.values(), in.readByte()),
                    enumAt(Scope.values(), in.readByte()), in.readLong()));
        }
        Set<String> excluded = in.available() > 0 ? readGroups(in) : Set.of();
        return new NodeState(node, holdings, failed, excluded, pingReachable, request);
    }

    private static long duration(DataInputStream in) throws IOException, MalformedMessageException {
        long millis = in.readLong();
        if (millis < 0) {
            throw new MalformedMessageException("negative duration " + millis);
        }
        return millis;
    }

    private static int count(DataInputStream in) throws IOException, MalformedMessageException {
        int count = in.readInt();
        if (count < 0 || count > MAX_ITEMS) {
            throw new MalformedMessageException("count " + count + " out of range");
        }
        return count;
    }

    private static <E extends Enum<E>> E enumAt(E[] values, byte ordinal) throws MalformedMessageException {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new MalformedMessageException("no " + values.getClass().getComponentType().getSimpleName()
                    + " number " + ordinal);
        }
        return values[ordinal];
    }
}
