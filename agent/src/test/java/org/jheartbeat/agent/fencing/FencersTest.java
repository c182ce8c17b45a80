package org.jheartbeat.agent.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.resource.Fencer;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No test here can halt the machine: the kernel is a recording stand-in, and fallbacks run on a fake runner. */
class FencersTest {

    @TempDir
    Path temp;
    private final RecordingKernel kernel = new RecordingKernel();
    private final FakeCommandRunner commands = new FakeCommandRunner();

    /**
     * Where a failed stop leads under heartbeat 3.0.6, from its source rather than a recording (recorded here, it
     * would reboot the machine the tests run on): Debian's {@code /usr/share/heartbeat/ResourceManager},
     * giveupresourcegroup, retries a failed stop HA_STOPRETRYMAX (10) times a second apart, then asks
     * we_own_resource (the status, read by its words) and, when that says running, calls RecoverFromFailedStop:
     * {@code pkill -9 heartbeat ipfail ccm}, then {@code /sbin/reboot -nf} (else {@code init 6}). The seed's DRBD
     * {@code incon-degr-cmd} is {@code "halt -f"}.
     */
    @Test
    void unlessConfiguredAFailedStopRebootsAndAStartupCheckHaltsAsHeartbeatsSetupDid() {
        assertThat(FencingSettings.defaults().method()).isEmpty();
        assertThat(fenceFor(FencingSettings.defaults(), FencingCause.FAILED_STOP)).containsExactly("sync",
                "reboot 0x1234567");
        assertThat(fenceFor(FencingSettings.defaults(), FencingCause.STARTUP_CHECK)).containsExactly("sync",
                "reboot 0xcdef0123");
    }

    @Test
    void aConfiguredMethodServesEveryCause() {
        for (FencingCause cause : FencingCause.values()) {
            assertThat(fenceFor(FencingSettings.of(FencingMethod.POWEROFF), cause)).as(cause.name())
                    .containsExactly("sync", "reboot 0x4321fedc");
        }
    }

    @Test
    void eachKernelMethodSyncsThenAsksTheKernelForItsOwnCommand() {
        assertThat(fenceWith(FencingMethod.HALT)).containsExactly("sync", "reboot 0xcdef0123");
        assertThat(fenceWith(FencingMethod.POWEROFF)).containsExactly("sync", "reboot 0x4321fedc");
        assertThat(fenceWith(FencingMethod.REBOOT)).containsExactly("sync", "reboot 0x1234567");
    }

    @Test
    void refusedSystemCallFallsBackToTheForcedCommand() {
        commands.on("halt", "-f").answer(1, "", "halt: must be superuser.");
        Fencer fencer = Fencers.create(FencingSettings.of(FencingMethod.HALT), FencingCause.FAILED_STOP, commands,
                () -> kernel);

        fencer.fence("stop of drbddisk::r0 failed");

        assertThat(commands.commandLines()).containsExactly("halt -f");
    }

    @Test
    void syncThatHangsDoesNotHoldTheHalt() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch syncCalled = new CountDownLatch(1);
        RecordingKernel hangingSync = new RecordingKernel() {
            @Override
            public void sync() {
                super.sync();
                syncCalled.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        commands.on("halt", "-f").answer(1, "");
        FencingSettings settings = new FencingSettings(java.util.Optional.of(FencingMethod.HALT), List.of(),
                Duration.ofSeconds(5), Duration.ofMillis(50));

        Fencers.create(settings, FencingCause.FAILED_STOP, commands, () -> hangingSync).fence("umount of /data hangs");

        // The sync's thread may not even have been scheduled within the 50 ms the halt gives it on a busy machine;
        // what matters is that the halt came while the sync, once called, never returned.
        assertThat(hangingSync.calls()).contains("reboot 0xcdef0123");
        assertThat(syncCalled.await(10, TimeUnit.SECONDS)).as("the sync was called").isTrue();
        assertThat(hangingSync.calls()).containsExactlyInAnyOrder("sync", "reboot 0xcdef0123");
        never.countDown();
    }

    @Test
    void commandMethodRunsTheConfiguredCommandWithTheReasonLast() throws Exception {
        Path record = temp.resolve("fenced");
        Path script = temp.resolve("fence-node");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" > '" + record + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Fencer fencer = Fencers.create(FencingSettings.command(script.toString(), "--node", "node1"),
                FencingCause.FAILED_STOP, new ProcessCommandRunner(), () -> kernel);

        fencer.fence("stop of Filesystem::/dev/drbd0::/data::ext3 in group g failed: TIMED_OUT");

        assertThat(Files.readAllLines(record)).containsExactly("3", "--node", "node1",
                "stop of Filesystem::/dev/drbd0::/data::ext3 in group g failed: TIMED_OUT");
        assertThat(kernel.calls()).isEmpty();
    }

    @Test
    void commandThatCannotRunIsLoggedNotThrown() {
        Fencer fencer = Fencers.create(FencingSettings.command(temp.resolve("missing").toString()),
                FencingCause.FAILED_STOP, new ProcessCommandRunner(), () -> kernel);

        fencer.fence("test");

        assertThat(kernel.calls()).isEmpty();
    }

    @Test
    void commandMethodNeedsACommand() {
        assertThatThrownBy(() -> new FencingSettings(java.util.Optional.of(FencingMethod.COMMAND), List.of(),
                FencingSettings.DEFAULT_COMMAND_TIMEOUT, FencingSettings.DEFAULT_SYNC_TIMEOUT))
                .hasMessage("fencing method command needs the command to run");
    }

    @Test
    void methodNamesParseAsConfiguredAndBadOnesAreNamed() {
        assertThat(FencingMethod.parse(" PowerOff ", "jheartbeat.fencing.method")).isEqualTo(FencingMethod.POWEROFF);
        assertThatThrownBy(() -> FencingMethod.parse("stonith", "jheartbeat.fencing.method"))
                .hasMessage("jheartbeat.fencing.method: unknown fencing method 'stonith', expected one of halt,"
                        + " poweroff, reboot, command");
    }

    @Test
    void productionKernelBindsToLibcWithoutBeingCalled() {
        KernelReboot libc = new LibcKernelReboot();

        assertThat(Fencers.create(FencingSettings.defaults(), FencingCause.FAILED_STOP, commands, () -> libc))
                .isInstanceOfSatisfying(KernelFencer.class,
                        fencer -> assertThat(fencer.method()).isEqualTo(FencingMethod.REBOOT));
    }

    private List<String> fenceWith(FencingMethod method) {
        return fenceFor(FencingSettings.of(method), FencingCause.FAILED_STOP);
    }

    private static List<String> fenceFor(FencingSettings settings, FencingCause cause) {
        RecordingKernel recording = new RecordingKernel();
        FakeCommandRunner runner = new FakeCommandRunner();
        runner.on(settings.methodFor(cause).configName(), "-f").answer(1, "");
        Fencers.create(settings, cause, runner, () -> recording).fence("test of " + cause);
        return recording.calls();
    }

    /** Stands in for the kernel: records the calls and refuses, as reboot(2) does for an unprivileged caller. */
    private static class RecordingKernel implements KernelReboot {
        private final List<String> calls = new ArrayList<>();

        @Override
        public void sync() {
            record("sync");
        }

        @Override
        public String reboot(int command) {
            record("reboot 0x" + Integer.toHexString(command));
            return "reboot(2) failed: [1] Operation not permitted";
        }

        private synchronized void record(String call) {
            calls.add(call);
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }
    }
}
