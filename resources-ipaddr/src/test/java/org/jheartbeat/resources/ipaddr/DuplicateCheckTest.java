package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.jheartbeat.resource.Succession;
import org.junit.jupiter.api.Test;

/** When a start checks the segment for another holder, and how long it listens: one row per succession. */
class DuplicateCheckTest {

    private final IpAddrSettings settings = IpAddrSettings.from(ConfigFactory.parseString(
            "ipaddr { duplicate-check-wait = 300ms, failover-check-wait = 15ms }"));

    @Test
    void aHandoverWhoseStopWasConfirmedIsNotChecked() {
        assertThat(DuplicateCheck.forStart(Succession.HANDED_OVER, settings))
                .isEqualTo(new DuplicateCheck(DuplicateCheck.Kind.NONE, Duration.ZERO));
    }

    @Test
    void aTakeoverFromADeadHolderIsCheckedQuicklyWithTheWaitSizedForALan() {
        assertThat(DuplicateCheck.forStart(Succession.HOLDER_DEAD, settings))
                .isEqualTo(new DuplicateCheck(DuplicateCheck.Kind.QUICK, Duration.ofMillis(15)));
    }

    @Test
    void aStartWithNothingKnownOfAPreviousHolderIsProbedWithTheFullWait() {
        assertThat(DuplicateCheck.forStart(Succession.UNKNOWN, settings))
                .isEqualTo(new DuplicateCheck(DuplicateCheck.Kind.FULL, Duration.ofMillis(300)));
    }

    @Test
    void theShippedWaitsAreALanSizedOneAfterAFailureAndTheOldOneOtherwise() {
        IpAddrSettings shipped = IpAddrSettings.from(ConfigFactory.empty());
        assertThat(shipped.failoverWait()).isEqualTo(Duration.ofMillis(20));
        assertThat(shipped.duplicateWait()).isEqualTo(Duration.ofMillis(200));
    }
}
