package org.jheartbeat.resources.iscsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code tgtadm --lld iscsi --op show --mode target}: one block per target ({@code Target 1: iqn...})
 * with sections for system information, I_T nexus (sessions and their connections), LUNs, accounts and ACLs.
 */
final class TgtShow {

    /** A session ({@code I_T nexus}) and its connection ids. */
    record Nexus(long sid, List<Integer> connections) {
    }

    /**
     * @param luns backing path by tgt's own LUN number; LUN 0, tgt's controller, is left out
     */
    record Target(int tid, String name, String state, Map<Integer, String> luns, List<Nexus> sessions,
                  List<String> accounts, List<String> acls) {
    }

    private static final Pattern TARGET = Pattern.compile("Target (\\d+): (\\S+)");
    private static final String CONTROLLER_PATH = "None";

    private TgtShow() {
    }

    /**
     * @throws IllegalArgumentException naming the line when the output is not shaped as tgtadm prints it
     */
    static List<Target> parse(String output) {
        List<Target> targets = new ArrayList<>();
        Builder current = null;
        String section = "";
        int lineNumber = 0;
        for (String raw : output.split("\n")) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher target = TARGET.matcher(raw);
            if (target.matches()) {
                if (current != null) {
                    targets.add(current.build());
                }
                current = new Builder(Integer.parseInt(target.group(1)), target.group(2));
                section = "";
                continue;
            }
            if (current == null) {
                throw new IllegalArgumentException("tgtadm show line " + lineNumber + ": '" + line
                        + "' outside a Target block");
            }
            if (line.endsWith("information:")) {
                section = line;
                continue;
            }
            current.take(section, line, lineNumber);
        }
        if (current != null) {
            targets.add(current.build());
        }
        return targets;
    }

    private static final class Builder {
        private final int tid;
        private final String name;
        private String state = "";
        private final Map<Integer, String> luns = new LinkedHashMap<>();
        private final List<Nexus> sessions = new ArrayList<>();
        private final List<String> accounts = new ArrayList<>();
        private final List<String> acls = new ArrayList<>();
        private Integer lun;
        private Long sid;
        private List<Integer> connections;

        Builder(int tid, String name) {
            this.tid = tid;
            this.name = name;
        }

        void take(String section, String line, int lineNumber) {
            switch (section) {
                case "System information:" -> {
                    if (line.startsWith("State: ")) {
                        state = line.substring("State: ".length());
                    }
                }
                case "I_T nexus information:" -> nexus(line, lineNumber);
                case "LUN information:" -> lun(line, lineNumber);
                case "Account information:" -> accounts.add(line);
                case "ACL information:" -> acls.add(line);
                default -> {
                    // Sections tgt may add in other versions (e.g. portals) carry nothing this resource checks.
                }
            }
        }

        private void nexus(String line, int lineNumber) {
            if (line.startsWith("I_T nexus: ")) {
                finishNexus();
                sid = Long.parseLong(number(line, "I_T nexus: ", lineNumber));
                connections = new ArrayList<>();
            } else if (line.startsWith("Connection: ") && connections != null) {
                connections.add(Integer.parseInt(number(line, "Connection: ", lineNumber)));
            }
        }

        private void lun(String line, int lineNumber) {
            if (line.startsWith("LUN: ")) {
                lun = Integer.parseInt(number(line, "LUN: ", lineNumber));
            } else if (line.startsWith("Backing store path: ") && lun != null) {
                String path = line.substring("Backing store path: ".length());
                if (!(lun == 0 && path.equals(CONTROLLER_PATH))) {
                    luns.put(lun, path);
                }
            }
        }

        private static String number(String line, String prefix, int lineNumber) {
            String value = line.substring(prefix.length()).strip();
            if (value.isEmpty() || !value.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("tgtadm show line " + lineNumber + ": expected a number in '"
                        + line + "'");
            }
            return value;
        }

        private void finishNexus() {
            if (sid != null) {
                sessions.add(new Nexus(sid, List.copyOf(connections)));
                sid = null;
            }
        }

        Target build() {
            finishNexus();
            return new Target(tid, name, state, Map.copyOf(luns), List.copyOf(sessions), List.copyOf(accounts),
                    List.copyOf(acls));
        }
    }
}
