package org.jheartbeat.agent.membership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.MERGE3;
import org.jgroups.stack.Protocol;
import org.jgroups.util.NameCache;
import org.jgroups.util.Util;
import org.jheartbeat.agent.logging.HeartbeatLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in the cluster over every ha.cf medium at once: one JGroups channel per link. A node
 * is a member while any link sees it, so losing one link is a warning, not a failover. Messages go out on
 * every link and are delivered once.
 */
public final class Membership implements ClusterTransport, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    /** What the cluster layer hears; calls come from the links' threads. */
    public interface Listener {
        /** The union of the links' views changed. */
        void membersChanged(Set<String> members);

        /**
         * A message from a member, delivered once however many links carried it; or a word of another node's guard
         * ({@link #sealAhead}), from a member or not, once per link that carried it, positioned among its guard's
         * words ({@link LinkGuard.GuardWordListener}). Each sender's messages come in the order it sent them, but for
         * one that comes late, after its gap was given up ({@link SenderOrder}): its {@code position} is below one
         * delivered before.
         */
        void delivered(String from, SenderPosition position, byte[] payload);

        /**
         * The cluster refuses this process ({@link LinkGuard}): it hears and sends nothing more, and must run no group.
         * Called once.
         */
        void refused(String reason);
    }

    /** One medium: its name as heartbeat shows links (e.g. eth0) and how to build its channel. */
    public record Link(String name, ChannelFactory channel) {

        /**
         * A link whose protocol stack is given, bottom first, once: a channel built again after a failed join reuses
         * these protocols, which such a join leaves started. For links whose join cannot fail (the harness's).
         */
        public Link(String name, List<Protocol> stack) {
            this(name, () -> new JChannel(List.copyOf(stack)));
        }

        /**
         * A link from an expert's JGroups XML stack file ({@code jheartbeat.transport.stack-file}). Its transport
         * must be {@link AuthenticatedUdp}, which is given {@code guard}: any other would let JGroups read packets
         * nobody authenticated.
         */
        public static Link fromStackFile(String name, Path stackFile, LinkGuard guard) {
            return new Link(name, () -> {
                JChannel channel = new JChannel(stackFile.toString());
                if (!(channel.getProtocolStack().getTransport() instanceof AuthenticatedUdp transport)) {
                    String found = channel.getProtocolStack().getTransport().getClass().getName();
                    channel.close();
                    throw new IllegalArgumentException(stackFile + ": the transport must be "
                            + AuthenticatedUdp.class.getName() + ", which authenticates every packet before JGroups "
                            + "reads it (found " + found + ")");
                }
                transport.guard(guard);
                return channel;
            });
        }
    }

    /** Builds a link's channel. */
    @FunctionalInterface
    public interface ChannelFactory {
        JChannel create() throws Exception;
    }

    private final String node;
    private final Listener listener;
    private final long incarnation;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Link> links = new LinkedHashMap<>();
    /** Each link's channel: replaced after a join that failed, which leaves a JGroups channel unable to join again. */
    private final Map<String, JChannel> channels = new ConcurrentHashMap<>();
    /** Joins, rejoins and replacements of channels, one at a time. */
    private final Object joining = new Object();
    private final Map<String, Set<String>> viewsByLink = new ConcurrentHashMap<>();
    /** When each link's view was installed, by the monotonic clock: who is heard after it, was heard again. */
    private final Map<String, Long> viewInstalledNanos = new ConcurrentHashMap<>();
    private final Map<String, ReplayWindow> delivered = new ConcurrentHashMap<>();
    private final Map<String, SenderOrder> sendersOrder = new ConcurrentHashMap<>();
    /**
     * Per link, per sender, the (generation, counter) of the sender's latest message the link delivered since it last
     * installed a view: a link that carries the sender in its view and has not passed a missing counter yet may
     * still bring it, since each link delivers in order.
     */
    private final Map<String, Map<String, SenderPosition>> latestByLink = new ConcurrentHashMap<>();
    /** Hands on what {@link SenderOrder} held behind a gap that did not fill; never waits behind a rejoin. */
    private final ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "in-order-release");
        thread.setDaemon(true);
        return thread;
    });
    private Set<String> members = Set.of();
    private String clusterName;
    private final Set<String> failedLinks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "link-retry");
        thread.setDaemon(true);
        return thread;
    });
    private static final long RETRY_INTERVAL_SECONDS = 2;
    /**
     * How long a node hears others outside its view on a link before its side rejoins ({@link SplitWatch}): JGroups'
     * merge checks every 4.8 s ({@link TransportStacks}' MERGE3), so it has had its chance by then.
     */
    static final Duration SPLIT_PATIENCE = Duration.ofSeconds(6);
    /** Heard lately: longer than the longest pause between MERGE3's discovery rounds (4.5 s), which a split node hears. */
    private static final Duration HEARD_WITHIN = Duration.ofSeconds(5);
    private final Map<String, SplitWatch> splitWatches = new ConcurrentHashMap<>();
    /**
     * What a node that rejoins a link for a split first sends the rest of its side there, so that they rejoin with it
     * ({@link SplitWatch#rejoinWithSide}). Shorter than a framed message, which earlier agents drop unread.
     */
    private static final byte[] SIDE_REJOINS = "side rejoins".getBytes(StandardCharsets.US_ASCII);

    /** @throws IllegalArgumentException when two links have one name: each link's state is kept by its name */
    public Membership(String node, List<Link> links, long incarnation, Listener listener) throws Exception {
        this.node = node;
        this.listener = listener;
        this.incarnation = incarnation;
        Set<String> names = new HashSet<>();
        links.stream().filter(link -> !names.add(link.name())).findFirst().ifPresent(link -> {
            throw new IllegalArgumentException("two links are named " + link.name());
        });
        for (Link link : links) {
            this.links.put(link.name(), link);
            channels.put(link.name(), newChannel(link));
        }
        AtomicBoolean told = new AtomicBoolean();
        guards().forEach(guard -> guard.onRefused(reason -> {
            if (told.compareAndSet(false, true)) {
                listener.refused(reason);
            }
        }));
        guards().forEach(guard -> guard.onGuardWord(listener::delivered));
    }

    /**
     * Joins the cluster on every link. A link that cannot be joined yet (its interface not up or without its
     * address, as at boot) is logged and tried again every few seconds until it can.
     */
    public void connect(String clusterName) {
        this.clusterName = clusterName;
        retries.scheduleWithFixedDelay(this::rejoinSplitLinks, 1, 1, TimeUnit.SECONDS);
        for (String link : links.keySet()) {
            if (!tryConnect(link)) {
                retryLater(link);
            }
        }
    }

    private void retryLater(String link) {
        retries.scheduleWithFixedDelay(new Runnable() {
            @Override
            public void run() {
                if (tryConnect(link)) {
                    LOG.info("link {} joined the cluster", link);
                    throw new LinkJoined();
                }
            }
        }, RETRY_INTERVAL_SECONDS, RETRY_INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    /** Ends a link's retries: a scheduled task that throws is not run again. */
    private static final class LinkJoined extends RuntimeException {
        LinkJoined() {
            super(null, null, false, false);
        }
    }

    private boolean tryConnect(String link) {
        synchronized (joining) {
            try {
                // JGroups checks the address a link binds against the interfaces' addresses it read once and kept:
                // read them again, or a link whose interface was down when they were read (an agent started during a
                // cable cut) is refused for good.
                Util.resetCachedAddresses(true, true);
                channels.get(link).connect(clusterName);
                failedLinks.remove(link);
                return true;
            } catch (Exception e) {
                if (failedLinks.add(link)) {
                    LOG.error("link {} down: cannot join the cluster on it yet: {}", link, e.getMessage());
                }
                replaceChannel(link);
                return false;
            }
        }
    }

    /**
     * A join that failed in the transport (its port still held, its address gone) has started the protocols above
     * it, and JGroups stops none of them: the same channel's next join then reports success while the link hears
     * and sends nothing, alone in a view of its own for good. The next try gets a new channel from the link.
     */
    private void replaceChannel(String link) {
        channels.get(link).close();
        try {
            channels.put(link, newChannel(links.get(link)));
        } catch (Exception e) {
            LOG.error("link {}: cannot build its channel again: {}", link, e.getMessage());
        }
    }

    /** The links' channels as they are now, in ha.cf's order of the links. */
    private Map<String, JChannel> channelsInOrder() {
        Map<String, JChannel> inOrder = new LinkedHashMap<>();
        links.keySet().forEach(link -> inOrder.put(link, channels.get(link)));
        return inOrder;
    }

    private JChannel newChannel(Link link) throws Exception {
        JChannel channel = link.channel().create();
        channel.name(node);
        channel.setReceiver(new LinkReceiver(link.name()));
        return channel;
    }

    @Override
    public void rejoin() {
        links.keySet().forEach(this::rejoin);
    }

    private void rejoin(String link) {
        synchronized (joining) {
            channels.get(link).disconnect();
            // JGroups installs no view when a channel leaves: forget this link's, or the view it joins next, with the
            // same names, is no change, and the cluster layer never learns that its peers saw this node leave (or,
            // frozen, declared it dead and placed its groups): it would go on deciding from their states before.
            viewChanged(link, Set.of(node));
            if (!tryConnect(link)) {
                retryLater(link);
            }
        }
    }

    /**
     * Every second: on a link where this node hears again nodes its view left out, JGroups is asked to merge the views
     * now; where it hears others outside its view for long, it rejoins, unless its side stays.
     */
    private void rejoinSplitLinks() {
        try {
            channelsInOrder().forEach((link, channel) -> watchedGuard(channel).ifPresent(guard -> {
                Set<String> view = viewsByLink.getOrDefault(link, Set.of());
                long now = System.nanoTime();
                Duration sinceView = Duration.ofNanos(now - viewInstalledNanos.getOrDefault(link, now));
                if (splitWatch(link).nudgeMerge(node, view, guard.heardWithin(sinceView))) {
                    nudgeMerge(link, channel);
                }
                Set<String> outside = splitWatch(link).rejoinNow(node, view, guard.heardWithin(HEARD_WITHIN), now);
                if (!outside.isEmpty()) {
                    TreeSet<String> everyone = new TreeSet<>(outside);
                    everyone.addAll(view);
                    LOG.warn("link {}: {} heard on it outside this node's view ({}) and the views not merged: "
                            + "rejoining; the side of {} stays", link, String.join(", ", outside),
                            String.join(", ", view), everyone.first());
                    if (view.size() > 1) {
                        try {
                            channel.send(new BytesMessage(null, SIDE_REJOINS));
                        } catch (Exception e) {
                            LOG.warn("link {}: cannot tell its side that it rejoins: {}", link, e.getMessage());
                        }
                    }
                    rejoin(link);
                }
            }));
        } catch (RuntimeException e) {
            LOG.error("checking the links' views failed", e);
        }
    }

    /**
     * Announces this node's view on the link now, so that the other side's coordinator learns of it at once, and on a
     * coordinator compares the views it was told (MERGE3's check, which starts the merge where they differ) on
     * JGroups' timer: the check waits for the other coordinators' answers.
     */
    private void nudgeMerge(String link, JChannel channel) {
        MERGE3 merge = channel.getProtocolStack().findProtocol(MERGE3.class);
        View view = channel.getView();
        if (merge == null || view == null) {
            return;
        }
        LOG.info("link {}: nodes left out of this node's view are heard again: asking JGroups to merge the views now",
                link);
        merge.sendInfo();
        if (view.getCoord().equals(channel.getAddress())) {
            channel.getProtocolStack().getTransport().getTimer().execute(merge::checkInconsistencies);
        }
    }

    /** {@code from}, of this node's side on the link, rejoins it for a split: this node does too, unless its side stays. */
    private void rejoinWithSide(String link, String from) {
        JChannel channel = channels.get(link);
        Set<String> view = viewsByLink.getOrDefault(link, Set.of());
        if (from.equals(node) || !view.contains(from)) {
            return;
        }
        watchedGuard(channel).ifPresent(guard -> {
            Set<String> outside = splitWatch(link).rejoinWithSide(node, view, guard.heardWithin(HEARD_WITHIN));
            if (!outside.isEmpty()) {
                LOG.warn("link {}: {} rejoins it, as {} heard outside the views: rejoining with it", link, from,
                        String.join(", ", outside));
                rejoin(link);
            }
        });
    }

    /** The guard of a connected link, whose packets tell who is heard outside its view. */
    private static Optional<LinkGuard> watchedGuard(JChannel channel) {
        return channel.isConnected() ? guard(channel) : Optional.empty();
    }

    private SplitWatch splitWatch(String link) {
        return splitWatches.computeIfAbsent(link, name -> new SplitWatch(SPLIT_PATIENCE));
    }

    /** Sends to every member on every link that is up. */
    @Override
    public void broadcast(byte[] payload) {
        ByteBuffer framed = ByteBuffer.allocate(16 + payload.length);
        framed.putLong(incarnation).putLong(sequence.getAndIncrement()).put(payload);
        for (Map.Entry<String, JChannel> link : channelsInOrder().entrySet()) {
            if (!link.getValue().isConnected()) {
                continue;
            }
            try {
                link.getValue().send(new BytesMessage(null, framed.array()));
            } catch (Exception e) {
                LOG.warn("link {}: cannot send: {}", link.getKey(), e.getMessage());
            }
        }
    }

    /** The members each link sees, by link name. */
    public Map<String, Set<String>> linkMembers() {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        for (String link : links.keySet()) {
            copy.put(link, Set.copyOf(viewsByLink.getOrDefault(link, Set.of())));
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Per link, how long its least recently heard member has been silent (ms): the heartbeat gap that deadtime
     * is measured against. Links without a late-heartbeat watch (an expert's stack file) are left out.
     */
    public Map<String, Long> longestSilence() {
        Map<String, Long> silence = new LinkedHashMap<>();
        channelsInOrder().forEach((link, channel) -> {
            LateHeartbeatWarning watch = channel.getProtocolStack().findProtocol(LateHeartbeatWarning.class);
            if (watch != null) {
                silence.put(link, watch.longestSilenceMillis());
            }
        });
        return silence;
    }

    /** Per link, the datagrams its transport refused unread ({@link LinkGuard#dropped}). */
    public Map<String, Long> rejectedPackets() {
        Map<String, Long> rejected = new LinkedHashMap<>();
        channelsInOrder().forEach((link, channel) -> guard(channel).ifPresent(guard -> rejected.put(link, guard.dropped())));
        return rejected;
    }

    /**
     * Who is refused, and who runs heartbeat 3, for status.
     *
     * @param refusedHere    why the cluster refuses this process, once it does
     * @param refusals       the senders the links refused lately, most recent first
     * @param heartbeatNodes ha.cf's nodes heard running heartbeat 3 within deadtime ({@link HeartbeatPeers})
     */
    public record Standing(Optional<String> refusedHere, List<LinkGuard.Refusal> refusals,
                           Set<String> heartbeatNodes) {

        /** Nobody refused, this node included, and no heartbeat 3 node heard. */
        public static final Standing CLEAR = new Standing(Optional.empty(), List.of(), Set.of());
    }

    public Standing standing() {
        return new Standing(guards().stream().flatMap(guard -> guard.refusedHere().stream()).findFirst(),
                guards().stream().flatMap(guard -> guard.refusals().stream())
                        .sorted(Comparator.comparing(LinkGuard.Refusal::last).reversed()).toList(),
                heartbeatNodes());
    }

    @Override
    public Set<String> heartbeatNodes() {
        Set<String> heard = new TreeSet<>();
        guards().stream().map(LinkGuard::heartbeatPeers).distinct().forEach(peers -> heard.addAll(peers.alive()));
        return heard;
    }

    @Override
    public void holding(Set<String> held, Set<String> changing) {
        guards().stream().map(LinkGuard::heartbeatPeers).distinct().forEach(peers -> peers.holding(held, changing));
    }

    /**
     * Every group is stopped here and the node stops: heartbeat 3 nodes heard are told so, as heartbeat's clean stop
     * does, and take the groups over at once.
     */
    public void shutDone() {
        guards().stream().map(LinkGuard::heartbeatPeers).distinct().forEach(HeartbeatPeers::shutDone);
    }

    /**
     * This node's hb_standby towards the heartbeat 3 nodes heard, with the command's argument: heartbeat's three-phase
     * handover moves the groups to them.
     */
    public void standbyTowardsHeartbeatNodes(String word) {
        guards().stream().map(LinkGuard::heartbeatPeers).distinct().forEach(peers -> peers.standby(word));
    }

    /** This node's hb_takeover towards the heartbeat 3 nodes heard: they go standby and hand the groups over. */
    public void takeoverFromHeartbeatNodes(String word) {
        guards().stream().map(LinkGuard::heartbeatPeers).distinct().forEach(peers -> peers.takeover(word));
    }

    @Override
    public Set<String> groupsLeftByHeartbeatNodes() {
        Set<String> granted = new TreeSet<>();
        guards().stream().map(LinkGuard::heartbeatPeers).distinct()
                .forEach(peers -> granted.addAll(peers.grantedGroups()));
        return granted;
    }

    @Override
    public Set<String> heardWithin(Duration window) {
        Set<String> heard = new TreeSet<>();
        guards().forEach(guard -> heard.addAll(guard.heardWithin(window)));
        heard.remove(node);
        return heard;
    }

    /**
     * {@code words} sealed ahead on every link for this node's guard, which sends them once this agent is gone: peers
     * hear them as this node's, through {@link Listener#delivered}, whatever their views. Links of an expert's stack
     * file are sealed too; the harness's links, which seal nothing, are left out.
     */
    public List<SealedAhead> sealAhead(List<byte[]> words) {
        return channelsInOrder().values().stream()
                .map(channel -> channel.getProtocolStack().getTransport())
                .filter(transport -> transport instanceof AuthenticatedUdp udp && udp.guard() != null)
                .map(transport -> ((AuthenticatedUdp) transport).sealAhead(words)).toList();
    }

    @Override
    public void departed(String node) {
        guards().forEach(guard -> guard.departed(node));
    }

    private List<LinkGuard> guards() {
        return channels.values().stream().flatMap(channel -> guard(channel).stream()).toList();
    }

    private static Optional<LinkGuard> guard(JChannel channel) {
        return channel.getProtocolStack().getTransport() instanceof Guarded guarded && guarded.guard() != null
                ? Optional.of(guarded.guard()) : Optional.empty();
    }

    public synchronized Set<String> members() {
        return members;
    }

    @Override
    public void close() {
        retries.shutdownNow();
        releases.shutdownNow();
        guards().stream().map(LinkGuard::heartbeatPeers).distinct().forEach(HeartbeatPeers::close);
        channels.values().forEach(JChannel::close);
    }

    private void viewChanged(String link, View view) {
        Set<String> names = new TreeSet<>();
        for (Address member : view.getMembers()) {
            names.add(name(member));
        }
        viewChanged(link, names);
    }

    private synchronized void viewChanged(String link, Set<String> names) {
        Set<String> before = viewsByLink.put(link, names);
        latestByLink.remove(link);
        viewInstalledNanos.put(link, System.nanoTime());
        if (names.size() > 1) {
            guard(channels.get(link)).ifPresent(LinkGuard::joined);
        }
        if (before == null) {
            HeartbeatLog.linkUp(node, link);
        }
        logLinkChanges(link, before == null ? Set.of(node) : before, names);
        Set<String> union = new TreeSet<>();
        viewsByLink.values().forEach(union::addAll);
        if (!union.equals(members)) {
            members = Set.copyOf(union);
            listener.membersChanged(members);
        }
    }

    private void logLinkChanges(String link, Set<String> before, Set<String> after) {
        for (String gone : before) {
            if (!after.contains(gone)) {
                LOG.warn("link {} to {} down", link, gone);
                HeartbeatLog.linkDead(gone, link);
            }
        }
        for (String come : after) {
            if (!before.contains(come) && !come.equals(node)) {
                LOG.info("link {} to {} up", link, come);
                HeartbeatLog.linkUp(come, link);
            }
        }
    }

    private void received(String link, Message message) {
        byte[] bytes = message.getArray();
        if (bytes == null || message.getLength() < 16) {
            return;
        }
        ByteBuffer framed = ByteBuffer.wrap(bytes, message.getOffset(), message.getLength());
        long senderIncarnation = framed.getLong();
        long senderSequence = framed.getLong();
        String from = name(message.getSrc());
        SenderPosition position = new SenderPosition(senderIncarnation, senderSequence);
        latestByLink.computeIfAbsent(link, name -> new ConcurrentHashMap<>()).put(from, position);
        if (delivered.computeIfAbsent(from, sender -> new ReplayWindow()).accept(senderIncarnation, senderSequence)
                != ReplayWindow.Verdict.NEW) {
            return;
        }
        byte[] payload = new byte[framed.remaining()];
        framed.get(payload);
        SenderOrder order = sendersOrder.computeIfAbsent(from, sender -> new SenderOrder());
        SenderOrder.Delivery deliver = (at, inOrder) -> listener.delivered(from, at, inOrder);
        LongSupplier stillComing = () -> stillComing(from, senderIncarnation);
        if (order.arrived(position, payload, System.nanoTime(), stillComing, deliver)) {
            try {
                releases.schedule(() -> order.releaseOverdue(System.nanoTime(), deliver),
                        SenderOrder.HOLD.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                LOG.debug("message from {} held at close: dropped", from);
            }
        }
    }

    /**
     * The lowest counter of {@code from}'s run {@code generation} that a link may still deliver: the one after the latest
     * a link delivered since installing a view that holds the sender (it delivers the sender's messages in order);
     * {@code Long.MAX_VALUE} when no link is carrying the sender.
     */
    private long stillComing(String from, long generation) {
        return latestByLink.entrySet().stream()
                .filter(link -> viewsByLink.getOrDefault(link.getKey(), Set.of()).contains(from))
                .map(link -> link.getValue().get(from))
                .filter(latest -> latest != null && latest.generation() == generation)
                .mapToLong(latest -> latest.counter() + 1).min().orElse(Long.MAX_VALUE);
    }

    private static String name(Address address) {
        String name = NameCache.get(address);
        return name == null ? address.toString() : name;
    }

    private final class LinkReceiver implements Receiver {
        private final String link;

        LinkReceiver(String link) {
            this.link = link;
        }

        @Override
        public void viewAccepted(View view) {
            viewChanged(link, view);
        }

        @Override
        public void receive(Message message) {
            if (message.getLength() == SIDE_REJOINS.length && Arrays.equals(message.getArray(), message.getOffset(),
                    message.getOffset() + message.getLength(), SIDE_REJOINS, 0, SIDE_REJOINS.length)) {
                // Not on JGroups' own thread: a channel that disconnects waits for the threads delivering to it.
                String from = name(message.getSrc());
                retries.execute(() -> rejoinWithSide(link, from));
            } else {
                received(link, message);
            }
        }
    }
}
