package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's breakdown read from the nodes' syslog: socat's arrival stamps, and the steps in each agent's words
 * (heartbeat 3.0.6's lines as its recorded logfile has them, test-support's heartbeat-3.0.6/logfile.txt).
 */
class TakeoverLogTest {

    private static final long T0 = 1_796_595_000_000_000L;

    @Test
    void socatStampsEachDatagramWithItsArrivalToTheMicrosecond() {
        String first = "<30>Dec  6 22:28:44 heartbeat: [5163]: info: beta wants to go standby [all]";
        String second = "<28>Dec  6 22:28:45 jheartbeat[12]: node alpha dead";
        String captured = "> 2026/12/06 22:28:44.000079453  length=" + first.length() + " from=0 to=" + (first.length() - 1)
                + "\n" + first + "\n> 2026/12/06 22:28:45.123456789  length=" + second.length() + " from="
                + first.length() + " to=99\n" + second + "\n";

        List<SyslogCapture.Message> messages = SyslogCapture.parse(captured);

        assertThat(messages).extracting(SyslogCapture.Message::text).containsExactly(first, second);
        assertThat(messages.get(1).epochMicros() - messages.get(0).epochMicros()).isEqualTo(1_000_000 + 456_789 - 79_453);
    }

    @Test
    void heartbeatsFailoverStepsFromItsOwnLines() {
        List<SyslogCapture.Message> beta = List.of(
                at(1_400, "heartbeat: [5163]: WARN: node alpha: is dead"),
                at(1_450, "heartbeat: [5163]: info: Taking over resource group IPaddr::10.79.0.100/24/eth0"),
                at(1_500, "ResourceManager(default)[10008]:    info: Running /etc/ha.d//resource.d/IPaddr 10.79.0.100/24/eth0 start"),
                at(1_900, "/usr/lib/ocf/resource.d//heartbeat/IPaddr(IPaddr_10.79.0.100)[10133]:    INFO:  Success"),
                at(1_950, "mach_down(default)[9985]: info: mach_down takeover complete for node alpha."));

        assertThat(TakeoverLog.steps(Agent.HEARTBEAT, "alpha", List.of(), "beta", beta, T0))
                .extracting(TakeoverLog.Step::name)
                .containsExactly(TakeoverLog.DEATH, TakeoverLog.DECISION, "IPaddr started", TakeoverLog.RUNNING);
        assertThat(TakeoverLog.steps(Agent.HEARTBEAT, "alpha", List.of(), "beta", beta, T0).get(2).epochMicros())
                .as("a resource counts as started at the agent's Success after its start, not at the start")
                .isEqualTo(T0 + 1_900_000);
    }

    @Test
    void jheartbeatsHandoverStepsIncludeTheOldHoldersStop() {
        List<SyslogCapture.Message> beta = List.of(
                at(-5_000, "jheartbeat: standby all requested by root"),
                at(300, "jheartbeat: standby all requested by root"),
                at(500, "jheartbeat: group ip all 1 resources stopped"));
        List<SyslogCapture.Message> alpha = List.of(
                at(540, "jheartbeat: group ip acquiring on alpha (handover)"),
                at(600, "jheartbeat: resource IPaddr::10.79.0.100/24/eth0 started: in 55 ms (group ip)"),
                at(610, "jheartbeat: group ip started: all 1 resources started"));

        List<TakeoverLog.Step> steps = TakeoverLog.steps(Agent.JHEARTBEAT, "beta", beta, "alpha", alpha, T0);

        assertThat(steps).extracting(TakeoverLog.Step::name).containsExactly(TakeoverLog.REQUEST_TAKEN,
                TakeoverLog.PREVIOUS_STOPPED, TakeoverLog.DECISION, "IPaddr started", TakeoverLog.RUNNING);
        assertThat(steps.get(0).epochMicros()).as("lines before the start are not this handover's")
                .isEqualTo(T0 + 300_000);
    }

    @Test
    void anAddresssStartIsBrokenIntoTheStepsItsLineTimes() {
        List<SyslogCapture.Message> beta = List.of(
                at(1_000, "jheartbeat: node alpha dead"),
                at(1_050, "jheartbeat: IPaddr::10.79.0.100/24/eth0: started: 10.79.0.100/24 on eth0 (interfaces read "
                        + "12.5 ms, duplicate check 20.4 ms, address added 8.0 ms, first announcement 0.1 ms)"),
                at(1_052, "jheartbeat: resource IPaddr::10.79.0.100/24/eth0 started: in 41 ms (group ip)"));

        List<TakeoverLog.Step> steps = TakeoverLog.steps(Agent.JHEARTBEAT, "alpha", List.of(), "beta", beta, T0);

        assertThat(steps).as("each step ends the later ones' durations before the line came").containsExactly(
                new TakeoverLog.Step(TakeoverLog.DEATH, T0 + 1_000_000),
                new TakeoverLog.Step("IPaddr: start called", T0 + 1_050_000 - 100 - 8_000 - 20_400 - 12_500),
                new TakeoverLog.Step("IPaddr: interfaces read", T0 + 1_050_000 - 100 - 8_000 - 20_400),
                new TakeoverLog.Step("IPaddr: duplicate check", T0 + 1_050_000 - 100 - 8_000),
                new TakeoverLog.Step("IPaddr: address added", T0 + 1_050_000 - 100),
                new TakeoverLog.Step("IPaddr: first announcement", T0 + 1_050_000),
                new TakeoverLog.Step("IPaddr started", T0 + 1_052_000));
    }

    @Test
    void theLastHeartbeatIsWhenTheLateWarningSaysTheSilenceBegan() {
        List<SyslogCapture.Message> beta = List.of(
                at(430, "jheartbeat: link eth0: late heartbeat from alpha: nothing heard for 500 ms (warntime 500 ms)"),
                at(980, "jheartbeat: node alpha dead"));

        assertThat(TakeoverLog.steps(Agent.JHEARTBEAT, "alpha", List.of(), "beta", beta, T0))
                .containsExactly(new TakeoverLog.Step(TakeoverLog.LAST_HEARD, T0 - 70_000),
                        new TakeoverLog.Step(TakeoverLog.DEATH, T0 + 980_000));
    }

    private static SyslogCapture.Message at(long millis, String text) {
        return new SyslogCapture.Message(T0 + millis * 1000, "<30>Dec  6 22:28:44 " + text);
    }
}
