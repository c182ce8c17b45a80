package org.jheartbeat.resources.iscsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses IET's kernel state: {@code /proc/net/iet/volume} ({@code tid:1 name:iqn...} followed by
 * {@code \tlun:0 state:0 iotype:fileio iomode:wt path:/data/LUN0}) and {@code /proc/net/iet/session}
 * ({@code \tsid:N initiator:iqn...} followed by {@code \t\tcid:0 ip:10.0.0.5 state:active hd:none dd:none}).
 */
final class IetProc {

    record Connection(String sid, String cid) {
    }

    /**
     * @param luns        backing path by LUN number (volume file only)
     * @param connections open connections (session file only)
     */
    record Target(int tid, String name, Map<Integer, String> luns, List<Connection> connections) {
    }

    private IetProc() {
    }

    /**
     * @param source the file, for messages
     * @throws IllegalArgumentException naming the file and line when it is not shaped as IET writes it
     */
    static List<Target> parse(String text, String source) {
        List<Target> targets = new ArrayList<>();
        Integer tid = null;
        String name = null;
        Map<Integer, String> luns = new LinkedHashMap<>();
        List<Connection> connections = new ArrayList<>();
        String sid = null;
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            String where = source + " line " + lineNumber;
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> fields = fields(line.strip(), where);
            if (!line.startsWith("\t")) {
                if (tid != null) {
                    targets.add(new Target(tid, name, Map.copyOf(luns), List.copyOf(connections)));
                }
                tid = number(fields, "tid", where);
                name = required(fields, "name", where);
                luns = new LinkedHashMap<>();
                connections = new ArrayList<>();
                sid = null;
            } else if (tid == null) {
                throw new IllegalArgumentException(where + ": '" + line.strip() + "' before any tid: line");
            } else if (fields.containsKey("lun")) {
                luns.put(number(fields, "lun", where), required(fields, "path", where));
            } else if (fields.containsKey("sid")) {
                sid = fields.get("sid");
            } else if (fields.containsKey("cid") && sid != null) {
                connections.add(new Connection(sid, fields.get("cid")));
            } else {
                throw new IllegalArgumentException(where + ": unexpected '" + line.strip() + "'");
            }
        }
        if (tid != null) {
            targets.add(new Target(tid, name, Map.copyOf(luns), List.copyOf(connections)));
        }
        return targets;
    }

    /** {@code key:value} words; {@code path:} is last and takes the rest of the line, blanks included. */
    private static Map<String, String> fields(String line, String where) {
        Map<String, String> fields = new LinkedHashMap<>();
        int path = line.indexOf(" path:");
        String words = path < 0 ? line : line.substring(0, path);
        if (path >= 0) {
            fields.put("path", line.substring(path + " path:".length()));
        }
        for (String word : words.split("\\s+")) {
            int colon = word.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(where + ": '" + word + "' is not key:value");
            }
            fields.putIfAbsent(word.substring(0, colon), word.substring(colon + 1));
        }
        return fields;
    }

    private static String required(Map<String, String> fields, String key, String where) {
        String value = fields.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(where + ": no " + key + ":");
        }
        return value;
    }

    private static int number(Map<String, String> fields, String key, String where) {
        String value = required(fields, key, where);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + key + ":" + value + " is not a number");
        }
    }
}
