package org.jheartbeat.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jheartbeat.e2e.FaultStep.Kind;

/**
 * The fault lab's seeded random schedule. Each step is drawn from the seed and from which nodes the lab itself
 * powered off, never from what the agents did, so a seed and a step count replay the same steps. At least two
 * nodes stay powered on; a powered-off node comes back about one step in three.
 */
final class FaultSchedule {

    /** Every kind but power-on, which the schedule draws on its own when a node is off. */
    static final Set<Kind> FAULTS = java.util.EnumSet.complementOf(java.util.EnumSet.of(Kind.POWER_ON));
    private static final List<String> SCOPES = List.of("local", "foreign", "all");

    /** The kinds a comma-separated list names ({@code freeze,link_cut}), each one of {@link #FAULTS}. */
    static Set<Kind> kinds(String list) {
        Set<Kind> kinds = java.util.EnumSet.noneOf(Kind.class);
        for (String name : list.split(",")) {
            Kind kind = Kind.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
            if (!FAULTS.contains(kind)) {
                throw new IllegalArgumentException(name + " is not a fault kind the schedule draws: " + FAULTS);
            }
            kinds.add(kind);
        }
        return kinds;
    }

    private final Random random;
    private final List<Kind> kinds;
    private final List<String> nodes;
    private final Duration deadtime;
    private final int groups;

    /** A schedule drawing from {@code kinds} (a subset of {@link #FAULTS}) for {@code groups} groups. */
    FaultSchedule(long seed, Set<Kind> kinds, List<String> nodes, Duration deadtime, int groups) {
        this.groups = groups;
        this.random = new Random(seed);
        this.kinds = FAULTS.stream().filter(kinds::contains).toList();
        this.nodes = List.copyOf(nodes);
        this.deadtime = deadtime;
    }

    /** The next step, given the nodes the lab keeps powered on. */
    FaultStep next(int number, Set<String> poweredOn) {
        List<String> up = nodes.stream().filter(poweredOn::contains).toList();
        List<String> down = nodes.stream().filter(node -> !poweredOn.contains(node)).toList();
        if (!down.isEmpty() && (up.size() < 2 || random.nextInt(3) == 0)) {
            return new FaultStep(number, Kind.POWER_ON, List.of(pick(down)), "", Duration.ZERO);
        }
        Kind kind = kinds.get(random.nextInt(kinds.size()));
        // A stop failure may power its node off (its fencer): neither leaves fewer than two nodes powered on.
        if ((kind == Kind.POWER_OFF || kind == Kind.STOP_FAILURE) && up.size() <= 2) {
            kind = kinds.contains(Kind.RESTART) ? Kind.RESTART : Kind.STANDBY;
        }
        Duration hold = deadtime.multipliedBy(1 + random.nextInt(4)).plus(deadtime.dividedBy(2 + random.nextInt(3)));
        return switch (kind) {
            case STANDBY, TAKEOVER -> new FaultStep(number, kind, List.of(pick(up)), pick(SCOPES), Duration.ZERO);
            case MINORITY_PARTITION -> new FaultStep(number, kind, some(up, Math.max(1, (up.size() - 1) / 2)), "", hold);
            case SIMULTANEOUS_STOP_START -> new FaultStep(number, kind, some(up, 2 + random.nextInt(up.size() - 1)),
                    "", Duration.ZERO);
            case RELOAD -> new FaultStep(number, kind, up, "", Duration.ZERO);
            case STOP_FAILURE -> new FaultStep(number, kind, List.of(pick(up)), "g" + random.nextInt(groups),
                    Duration.ZERO);
            case CLOCK_STEP -> new FaultStep(number, kind, List.of(pick(up)), random.nextBoolean() ? "+600" : "-600",
                    hold);
            case AGENT_KILL, FREEZE, LINK_CUT, RELOAD_ONE_NODE_FIRST -> new FaultStep(number, kind, List.of(pick(up)), "", hold);
            default -> new FaultStep(number, kind, List.of(pick(up)), "", Duration.ZERO);
        };
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** {@code count} distinct nodes of {@code from}, in ha.cf order. */
    private List<String> some(List<String> from, int count) {
        List<String> shuffled = new ArrayList<>(from);
        Collections.shuffle(shuffled, random);
        List<String> chosen = shuffled.subList(0, count);
        return from.stream().filter(chosen::contains).toList();
    }
}
