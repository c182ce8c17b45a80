package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.junit.jupiter.api.Test;

/**
 * Two nodes with two links over loopback: one link skips the sender's first message (as a member that has not
 * installed a merged view drops one "from a non-member") and delivers the second at once, the other carries both but
 * lags. The receiver must still hear the first before the second.
 */
class CrossLinkOrderTest {

    private static final int FIRST_PORT = 17931;
    private static final int SECOND_PORT = 17932;

    /** Right under the channel: drops a link's next messages, or makes each wait, as a link that skipped or lags. */
    private static final class Tamper extends Protocol {
        final AtomicInteger drops = new AtomicInteger();
        final AtomicInteger passed = new AtomicInteger();
        volatile long delayMillis;

        private boolean dropped() {
            return drops.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
        }

        private void lag() {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public Object up(Message message) {
            if (dropped()) {
                return null;
            }
            lag();
            passed.incrementAndGet();
            return up_prot.up(message);
        }

        @Override
        public void up(MessageBatch batch) {
            for (Iterator<Message> messages = batch.iterator(); messages.hasNext(); ) {
                if (messages.next() != null && dropped()) {
                    messages.remove();
                }
            }
            if (!batch.isEmpty()) {
                lag();
                passed.addAndGet(batch.size());
                up_prot.up(batch);
            }
        }
    }

    private static final class Heard implements Membership.Listener {
        final List<String> payloads = new CopyOnWriteArrayList<>();

        @Override
        public void membersChanged(Set<String> members) {
        }

        @Override
        public void delivered(String from, SenderPosition position, byte[] payload) {
            if (from.equals("sender")) {
                payloads.add(new String(payload, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void refused(String reason) {
        }
    }

    @Test
    void aMessageOneLinkSkippedIsHeardBeforeTheNextOneThatLinkDelivered() throws Exception {
        KeyRing keys = KeyRing.single(1, ClusterKey.derive("cross-link"));
        List<String> names = List.of("sender", "receiver");
        List<String> addresses = List.of("127.0.0.1", "127.0.0.2");
        Tamper lagging = new Tamper();
        Tamper skipping = new Tamper();
        Heard heard = new Heard();
        try (Membership sender = member(keys, names, addresses, 0, new Tamper(), new Tamper(), LoopbackMembers.IGNORE);
             Membership receiver = member(keys, names, addresses, 1, lagging, skipping, heard)) {
            sender.connect("cross-link");
            receiver.connect("cross-link");
            LoopbackMembers.await(() -> bothLinksJoined(sender) && bothLinksJoined(receiver), "both links joined");
            sender.broadcast("warm-up".getBytes(StandardCharsets.UTF_8));
            // Over both links: a link counts as bringing the sender's messages once it delivered one in its view.
            LoopbackMembers.await(() -> lagging.passed.get() == 1 && skipping.passed.get() == 1,
                    "the warm-up over both links");

            lagging.delayMillis = 40;
            skipping.drops.set(1);
            sender.broadcast("stopped the group".getBytes(StandardCharsets.UTF_8));
            sender.broadcast("start the group over there".getBytes(StandardCharsets.UTF_8));
            LoopbackMembers.await(() -> heard.payloads.size() == 3, "both messages heard");

            assertThat(heard.payloads).containsExactly("warm-up", "stopped the group", "start the group over there");
        }
    }

    private static boolean bothLinksJoined(Membership membership) {
        Map<String, Set<String>> links = membership.linkMembers();
        return links.values().stream().allMatch(members -> members.size() == 2);
    }

    private static Membership member(KeyRing keys, List<String> names, List<String> addresses, int index,
                                     Tamper onFirst, Tamper onSecond, Membership.Listener listener) throws Exception {
        return new Membership(names.get(index), List.of(
                new Membership.Link("first", stack(keys, names, addresses, index, FIRST_PORT, onFirst)),
                new Membership.Link("second", stack(keys, names, addresses, index, SECOND_PORT, onSecond))),
                1, listener);
    }

    private static List<Protocol> stack(KeyRing keys, List<String> names, List<String> addresses, int index, int port,
                                        Tamper tamper) throws java.net.UnknownHostException {
        List<Protocol> stack = LoopbackMembers.unicastStack(keys, names, addresses, port, index);
        stack.add(tamper);
        return stack;
    }
}
