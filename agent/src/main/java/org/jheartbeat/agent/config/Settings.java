package org.jheartbeat.agent.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The HOCON settings ({@code jheartbeat.conf} over {@code reference.conf}), typed and checked. */
public record Settings(Path controlSocket, Path stateDirectory, OperationTimeouts operations, Monitor monitor,
                       Fencing fencing, Transport transport, Metrics metrics, Config resources) {

    /** Default timeouts per operation, and per resource type where a type needs more. */
    public record OperationTimeouts(Duration start, Duration stop, Duration status,
                                    Map<String, Map<String, Duration>> byType) {
        public OperationTimeouts {
            byType = Map.copyOf(byType);
        }

        /** @param operation start, stop or status */
        public Duration timeout(String resourceType, String operation) {
            Duration specific = byType.getOrDefault(resourceType, Map.of()).get(operation);
            if (specific != null) {
                return specific;
            }
            return switch (operation) {
                case "start" -> start;
                case "stop" -> stop;
                case "status" -> status;
                default -> throw new IllegalArgumentException("no operation " + operation);
            };
        }
    }

    public record Monitor(boolean enabled, Duration interval, int maxRestarts) {
    }

    public enum FencingMethod { HALT, POWEROFF, REBOOT, COMMAND }

    /** @param command for {@link FencingMethod#COMMAND}: the executable and its first arguments */
    public record Fencing(FencingMethod method, List<String> command) {
        public Fencing {
            command = List.copyOf(command);
        }
    }

    public record Transport(Optional<Path> stackFile) {
    }

    public record Metrics(boolean jmx, boolean prometheus, String prometheusAddress, int prometheusPort) {
    }
}
