package org.jheartbeat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {

    private static final List<String> TYPES = List.of("IPaddr", "IPaddr2", "Filesystem", "drbddisk", "IPv6addr");

    @Test
    void offersTheClosestKnownWordWithinTwoEdits() {
        assertThat(Spelling.closest("Filesytem", TYPES)).contains("Filesystem");
        assertThat(Spelling.closest("ipaddr", TYPES)).contains("IPaddr");
        assertThat(Spelling.closest("drbdisk", TYPES)).contains("drbddisk");
        assertThat(Spelling.didYouMean("IPadr2", TYPES)).isEqualTo(" (did you mean 'IPaddr2'?)");
    }

    @Test
    void offersNothingForAWordFarFromEveryOne() {
        assertThat(Spelling.closest("nfs-kernel-server", TYPES)).isEmpty();
        assertThat(Spelling.closest("ab", List.of("xy"))).isEmpty();
        assertThat(Spelling.didYouMean("apache2", TYPES)).isEmpty();
    }

    @Test
    void aSwapOfNeighboursIsOneEdit() {
        assertThat(Spelling.distance("deadtime", "daedtime")).isEqualTo(1);
        assertThat(Spelling.distance("keepalive", "keepalive")).isZero();
    }
}
