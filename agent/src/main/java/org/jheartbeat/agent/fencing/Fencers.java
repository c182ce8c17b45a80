package org.jheartbeat.agent.fencing;

import java.util.function.Supplier;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Fencer;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/** Makes the {@link Fencer} the settings ask for. */
public final class Fencers {

    /** Marks the critical log lines written before the node fences itself, so syslog routing can single them out. */
    public static final Marker FENCING = MarkerFactory.getMarker("FENCING");

    private Fencers() {
    }

    /** The fencer for {@code cause}: the configured method, else heartbeat's for that cause. */
    public static Fencer create(FencingSettings settings, FencingCause cause, CommandRunner commands) {
        return create(settings, cause, commands, LibcKernelReboot::new);
    }

    static Fencer create(FencingSettings settings, FencingCause cause, CommandRunner commands,
                         Supplier<KernelReboot> kernel) {
        FencingMethod method = settings.methodFor(cause);
        if (method == FencingMethod.COMMAND) {
            return new CommandFencer(settings.command(), settings.commandTimeout(), commands);
        }
        return new KernelFencer(method, settings, kernel.get(), commands);
    }
}
