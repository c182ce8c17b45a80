package org.jheartbeat.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jheartbeat.e2e.ClusterSetup.Agent;

/**
 * The steps of one failover or handover as the agents' own log lines tell them, each at the instant its line reached
 * the node's syslog ({@link SyslogCapture}): jheartbeat's words, or heartbeat 3.0.6's (its daemon, ResourceManager,
 * mach_down and the OCF agents' lines). A step the agent does not log is absent (heartbeat never says when it last
 * heard the dead node).
 */
final class TakeoverLog {

    /** A step and the instant it was logged, in microseconds since the epoch. */
    record Step(String name, long epochMicros) {
    }

    static final String LAST_HEARD = "last heartbeat heard";
    static final String REQUEST_TAKEN = "standby request taken";
    static final String DEATH = "death declared";
    static final String PREVIOUS_STOPPED = "previous holder stopped";
    static final String DECISION = "decision";
    static final String RUNNING = "group running";

    private static final Pattern JHEARTBEAT_RESOURCE = Pattern.compile("resource ([^:\\s]+)\\S* started: in ");
    private static final Pattern HEARTBEAT_RESOURCE = Pattern.compile("Running /etc/ha\\.d/+resource\\.d/(\\S+) .* start$");
    private static final String HEARTBEAT_RESOURCE_DONE = "INFO:  Success";
    private static final Pattern JHEARTBEAT_SILENCE = Pattern.compile("late heartbeat from (\\S+): nothing heard for (\\d+) ms");
    /** A resource's own start line timing its steps: {@code IPaddr::…: started: … (interfaces read 9.1 ms, …)}. */
    private static final Pattern JHEARTBEAT_TIMED_START = Pattern.compile(
            "(\\w+)::\\S*: started: [^(]*\\(((?:[a-z ]+ [0-9.]+ ms(?:, )?)+)\\)");
    private static final Pattern TIMED_STEP = Pattern.compile("([a-z ]+) ([0-9.]+) ms");

    private TakeoverLog() {
    }

    /**
     * The steps of the old holder's side (its stop ended, for a handover) and of the new holder's, logged at or after
     * {@code sinceMicros}, in the order they happened; resources as {@code "NAME started"}.
     */
    static List<Step> steps(Agent agent, String oldHolder, List<SyslogCapture.Message> oldHolderLog, String newHolder,
                            List<SyslogCapture.Message> newHolderLog, long sinceMicros) {
        Map<String, Long> found = new LinkedHashMap<>();
        List<SyslogCapture.Message> mine = since(newHolderLog, sinceMicros);
        if (agent == Agent.JHEARTBEAT) {
            for (SyslogCapture.Message message : mine) {
                Matcher silence = JHEARTBEAT_SILENCE.matcher(message.text());
                if (silence.find() && silence.group(1).equals(oldHolder)) {
                    found.putIfAbsent(LAST_HEARD, message.epochMicros() - Long.parseLong(silence.group(2)) * 1000);
                }
            }
            first(since(oldHolderLog, sinceMicros), "standby all requested").ifPresent(at -> found.put(REQUEST_TAKEN, at));
            first(mine, "node " + oldHolder + " dead").ifPresent(at -> found.put(DEATH, at));
            first(since(oldHolderLog, sinceMicros), "resources stopped").ifPresent(at -> found.put(PREVIOUS_STOPPED, at));
            first(mine, "acquiring on " + newHolder).ifPresent(at -> found.put(DECISION, at));
            for (SyslogCapture.Message message : mine) {
                Matcher resource = JHEARTBEAT_RESOURCE.matcher(message.text());
                if (resource.find()) {
                    found.putIfAbsent(resource.group(1) + " started", message.epochMicros());
                }
                timedSteps(message, found);
            }
            first(mine, "resources started").ifPresent(at -> found.put(RUNNING, at));
        } else {
            first(since(oldHolderLog, sinceMicros), "wants to go standby").ifPresent(at -> found.put(REQUEST_TAKEN, at));
            first(mine, "node " + oldHolder + ": is dead").ifPresent(at -> found.put(DEATH, at));
            first(since(oldHolderLog, sinceMicros), "HA resource release completed")
                    .ifPresent(at -> found.put(PREVIOUS_STOPPED, at));
            first(mine, "Taking over resource group", "standby: acquire [").ifPresent(at -> found.put(DECISION, at));
            heartbeatResources(mine, found);
            first(mine, "mach_down takeover complete", "HA resource acquisition completed")
                    .ifPresent(at -> found.put(RUNNING, at));
        }
        List<Step> steps = new ArrayList<>();
        found.forEach((name, at) -> steps.add(new Step(name, at)));
        steps.sort(java.util.Comparator.comparingLong(Step::epochMicros));
        return steps;
    }

    /**
     * The steps a resource timed in its start line, each as {@code "TYPE: STEP"} at the instant it ended, and
     * {@code "TYPE: start called"} when the first began: the line came when the last one ended, and each earlier one
     * ended the later ones' durations before (so a step's instant is off by however long the line took to reach
     * syslog, the same for all of them).
     */
    private static void timedSteps(SyslogCapture.Message message, Map<String, Long> found) {
        Matcher start = JHEARTBEAT_TIMED_START.matcher(message.text());
        if (!start.find()) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<Long> micros = new ArrayList<>();
        Matcher step = TIMED_STEP.matcher(start.group(2));
        while (step.find()) {
            names.add(step.group(1).strip());
            micros.add(Math.round(Double.parseDouble(step.group(2)) * 1000));
        }
        long end = message.epochMicros();
        for (int index = names.size() - 1; index >= 0; index--) {
            found.putIfAbsent(start.group(1) + ": " + names.get(index), end);
            end -= micros.get(index);
        }
        found.putIfAbsent(start.group(1) + ": start called", end);
    }

    /**
     * heartbeat logs when it runs each resource's start, not when that start ended: the end is the OCF agent's
     * "Success" after it, else the next resource's start or the group's completion, whichever comes first.
     */
    private static void heartbeatResources(List<SyslogCapture.Message> log, Map<String, Long> found) {
        for (int index = 0; index < log.size(); index++) {
            Matcher resource = HEARTBEAT_RESOURCE.matcher(log.get(index).text());
            if (!resource.find()) {
                continue;
            }
            for (int after = index + 1; after < log.size(); after++) {
                String text = log.get(after).text();
                if (text.contains(HEARTBEAT_RESOURCE_DONE) || HEARTBEAT_RESOURCE.matcher(text).find()
                        || text.contains("takeover complete") || text.contains("acquisition completed")) {
                    found.putIfAbsent(resource.group(1) + " started", log.get(after).epochMicros());
                    break;
                }
            }
        }
    }

    private static List<SyslogCapture.Message> since(List<SyslogCapture.Message> log, long sinceMicros) {
        return log.stream().filter(message -> message.epochMicros() >= sinceMicros).toList();
    }

    private static Optional<Long> first(List<SyslogCapture.Message> log, String... words) {
        for (SyslogCapture.Message message : log) {
            for (String word : words) {
                if (message.text().contains(word)) {
                    return Optional.of(message.epochMicros());
                }
            }
        }
        return Optional.empty();
    }
}
