package org.jheartbeat.agent.membership;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.NameCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ha.cf's {@code warntime}: logs, once per episode, a member this link has not heard from for warntime, long
 * before deadtime declares it dead, as heartbeat's "Late heartbeat" warning does. It sits below the failure
 * detector, so every packet counts as a sign of life, heartbeats included.
 */
public final class LateHeartbeatWarning extends Protocol {

    private static final Logger LOG = LoggerFactory.getLogger(LateHeartbeatWarning.class);

    private final String link;
    private final Duration warntime;
    /** Silences are measured on the monotonic clock: a step of the wall clock is no silence. */
    private final Ticker ticker;
    private final Map<Address, Long> lastHeard = new ConcurrentHashMap<>();
    private final Map<Address, Boolean> late = new ConcurrentHashMap<>();
    private ScheduledExecutorService checker;

    public LateHeartbeatWarning(String link, Duration warntime, Ticker ticker) {
        this.link = link;
        this.warntime = warntime;
        this.ticker = ticker;
    }

    @Override
    public void start() throws Exception {
        super.start();
        checker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "warntime-" + link);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, warntime.toMillis() / 4);
        checker.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (checker != null) {
            checker.shutdownNow();
        }
        super.stop();
    }

    @Override
    public Object up(Message message) {
        heard(message.getSrc());
        return up_prot.up(message);
    }

    @Override
    public void up(MessageBatch batch) {
        heard(batch.sender());
        up_prot.up(batch);
    }

    @Override
    public Object down(Event event) {
        if (event.getType() == Event.VIEW_CHANGE) {
            View view = event.getArg();
            long now = nowMillis();
            lastHeard.keySet().retainAll(view.getMembers());
            late.keySet().retainAll(view.getMembers());
            view.getMembers().forEach(member -> lastHeard.putIfAbsent(member, now));
        }
        return down_prot.down(event);
    }

    private void heard(Address sender) {
        if (sender == null) {
            return;
        }
        lastHeard.computeIfPresent(sender, (member, previous) -> nowMillis());
        if (late.remove(sender) != null) {
            LOG.info("link {}: heard {} again", link, name(sender));
        }
    }

    /** How long, in ms, the member heard least recently has been silent on this link (0 when alone). */
    public long longestSilenceMillis() {
        long now = nowMillis();
        Address self = self();
        return lastHeard.entrySet().stream().filter(entry -> !entry.getKey().equals(self))
                .mapToLong(entry -> now - entry.getValue()).max().orElse(0);
    }

    /** Public for tests: one pass of the periodic check. */
    public void check() {
        long now = nowMillis();
        Address self = self();
        lastHeard.forEach((member, heard) -> {
            long silent = now - heard;
            if (!member.equals(self) && silent >= warntime.toMillis() && late.putIfAbsent(member, true) == null) {
                LOG.warn("link {}: late heartbeat from {}: nothing heard for {} ms (warntime {} ms)", link,
                        name(member), silent, warntime.toMillis());
            }
        });
    }

    private long nowMillis() {
        return ticker.read() / 1_000_000;
    }

    /** This member: the transport knows its address from the start; this protocol learns it only later. */
    private Address self() {
        return getTransport() != null ? getTransport().getAddress() : getAddress();
    }

    private static String name(Address address) {
        String name = NameCache.get(address);
        return name == null ? address.toString() : name;
    }
}
