package org.jheartbeat.agent.fencing;

import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Fencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Halts, powers off or reboots the machine at once: {@code sync(2)} (bounded, because the very device that made
 * a stop fail may hang it), then {@code reboot(2)}; if the kernel refuses, the {@code -f} form of the matching
 * command. Returns only when every way failed.
 */
final class KernelFencer implements Fencer {

    private static final Logger LOG = LoggerFactory.getLogger(KernelFencer.class);

    private final FencingMethod method;
    private final KernelReboot kernel;
    private final CommandRunner commands;
    private final FencingSettings settings;

    KernelFencer(FencingMethod method, FencingSettings settings, KernelReboot kernel, CommandRunner commands) {
        if (method == FencingMethod.COMMAND) {
            throw new IllegalArgumentException("the kernel fencer cannot run a command");
        }
        this.method = method;
        this.settings = settings;
        this.kernel = kernel;
        this.commands = commands;
    }

    FencingMethod method() {
        return method;
    }

    @Override
    public void fence(String reason) {
        LOG.error(Fencers.FENCING, "node fencing by {}: {}", method.configName(), reason);
        syncBounded();
        String refusal = kernel.reboot(rebootCommand());
        Command fallback = Command.of(settings.commandTimeout(), method.configName(), "-f");
        LOG.error(Fencers.FENCING, "node fencing: {}, trying {}", refusal, fallback.display());
        try {
            CommandResult result = commands.run(fallback);
            LOG.error(Fencers.FENCING, "node fencing failed: {}", result.describe());
        } catch (UncheckedIOException e) {
            LOG.error(Fencers.FENCING, "node fencing failed: {}", e.getMessage());
        }
    }

    private int rebootCommand() {
        return switch (method) {
            case HALT -> KernelReboot.HALT;
            case POWEROFF -> KernelReboot.POWER_OFF;
            case REBOOT -> KernelReboot.RESTART;
            case COMMAND -> throw new IllegalStateException("checked in the constructor");
        };
    }

    private void syncBounded() {
        CountDownLatch synced = new CountDownLatch(1);
        Thread syncer = new Thread(() -> {
            kernel.sync();
            synced.countDown();
        }, "fencing-sync");
        syncer.setDaemon(true);
        syncer.start();
        try {
            if (!synced.await(settings.syncTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.error(Fencers.FENCING, "node fencing: sync did not finish within {} ms, going on without it",
                        settings.syncTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
