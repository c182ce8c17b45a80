package org.jheartbeat.resources.ipaddr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads iproute2's JSON output ({@code ip -j}) into records: the connected routes here; the tests read recorded
 * interface listings with the same helpers. {@code source} names the command the text came
 * from, so that an error says which tool answered what.
 */
public final class IpJson {

    private IpJson() {
    }

    /** {@code ip -j route show match ADDR}: the routes without a gateway; default and gateway routes are left out. */
    public static List<ConnectedRoute> connectedRoutes(String json, String source) {
        List<ConnectedRoute> routes = new ArrayList<>();
        for (Map<?, ?> route : objects(json, source)) {
            String destination = text(route, "dst", source);
            if (route.containsKey("gateway") || route.containsKey("via") || destination.equals("default")
                    || !route.containsKey("dev")) {
                continue;
            }
            int slash = destination.indexOf('/');
            InetAddress network = literal(slash < 0 ? destination : destination.substring(0, slash), source);
            int prefix = slash < 0 ? VirtualAddress.maxPrefix(network) : parsePrefix(destination.substring(slash + 1), source);
            routes.add(new ConnectedRoute(network, prefix, text(route, "dev", source)));
        }
        return routes;
    }

    /** The JSON array iproute2 prints, each entry an object. */
    static List<Map<?, ?>> objects(String json, String source) {
        Object root;
        try {
            root = JSON.std.anyFrom(json);
        } catch (JsonProcessingException e) {
            throw new UnexpectedOutputException(source + " printed malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(root instanceof List<?> entries)) {
            throw new UnexpectedOutputException(source + " did not print a JSON array: " + abbreviate(json));
        }
        return entriesOf(entries, source);
    }


    static List<Map<?, ?>> entriesOf(List<?> entries, String source) {
        List<Map<?, ?>> objects = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> object)) {
                throw new UnexpectedOutputException(source + " printed an entry that is not a JSON object: "
                        + abbreviate(String.valueOf(entry)));
            }
            objects.add(object);
        }
        return objects;
    }

    static String text(Map<?, ?> entry, String field, String source) {
        if (!(entry.get(field) instanceof String value)) {
            throw new UnexpectedOutputException(source + " printed an entry without a text field '" + field + "': "
                    + abbreviate(entry.toString()));
        }
        return value;
    }


    private static int parsePrefix(String text, String source) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UnexpectedOutputException(source + " printed a route with prefix '" + text + "'", e);
        }
    }

    static InetAddress literal(String text, String source) {
        // iproute2 prints numeric addresses only; a letter outside hex digits means something else entirely.
        if (!text.matches("[0-9A-Fa-f:.]+")) {
            throw new UnexpectedOutputException(source + " printed '" + text + "' where an address belongs");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new UnexpectedOutputException(source + " printed '" + text + "' where an address belongs", e);
        }
    }

    static String abbreviate(String text) {
        String line = text.strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
