package org.jheartbeat.resources.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;

class TgtShowTest {

    private static final String DIR = "/tmp/jhb-iet-record/";

    @Test
    void targetWithALoggedInInitiator() {
        List<TgtShow.Target> targets = TgtShow.parse(Recorded.text("tgt/show-with-session.out"));

        assertThat(targets).containsExactly(new TgtShow.Target(1, Targets.SEED_IQN, "ready",
                Map.of(1, DIR + "LUN0", 2, DIR + "LUN1"), List.of(new TgtShow.Nexus(1, List.of(0))), List.of(),
                List.of("127.0.0.1")));
    }

    @Test
    void accountsAndAccessRulesAndTheControllerLunLeftOut() {
        TgtShow.Target target = TgtShow.parse(Recorded.text("tgt/show-two-luns-acl-chap.out")).get(0);

        assertThat(target.luns()).containsOnlyKeys(1, 2);
        assertThat(target.accounts()).containsExactly("jhbuser");
        assertThat(target.acls()).containsExactly("10.78.0.3", "10.78.0.0/24");
        assertThat(target.sessions()).isEmpty();
    }

    @Test
    void nothingServedIsAnEmptyList() {
        assertThat(TgtShow.parse(Recorded.text("tgt/show-empty.out"))).isEmpty();
        assertThat(TgtShow.parse(Recorded.text("tgt/show-offline-no-session.out")).get(0).state()).isEqualTo("offline");
    }

    @Test
    void outputNotShapedLikeTgtadmsNamesTheLine() {
        assertThatThrownBy(() -> TgtShow.parse("tgtadm: invalid request\n"))
                .hasMessage("tgtadm show line 1: 'tgtadm: invalid request' outside a Target block");
        assertThatThrownBy(() -> TgtShow.parse("Target 1: iqn.2026-11.test:x\n    LUN information:\n        LUN: one\n"))
                .hasMessage("tgtadm show line 3: expected a number in 'LUN: one'");
    }
}
