package org.jheartbeat.resources.ipaddr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads iproute2's JSON output ({@code ip -j}) into records. {@code source} names the command the text came
 * from, so that an error says which tool answered what.
 */
public final class IpJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private IpJson() {
    }

    /** {@code ip -j addr show}: every link with its addresses. */
    public static List<Link> links(String json, String source) {
        List<Link> links = new ArrayList<>();
        for (JsonNode link : array(json, source)) {
            String name = text(link, "ifname", source);
            List<Link.Address> addresses = new ArrayList<>();
            for (JsonNode info : link.path("addr_info")) {
                if (!info.has("local")) {
                    // A bare lifetime record (as iproute2 prints for some address kinds) carries no address.
                    continue;
                }
                addresses.add(new Link.Address(
                        literal(text(info, "local", source), source),
                        integer(info, "prefixlen", source),
                        Optional.ofNullable(info.path("label").textValue()),
                        info.path("tentative").asBoolean(false),
                        info.path("dadfailed").asBoolean(false)));
            }
            links.add(new Link(name, link.path("address").asText(""), addresses));
        }
        return links;
    }

    /** {@code ip -j route show match ADDR}: the routes without a gateway; default and gateway routes are left out. */
    public static List<ConnectedRoute> connectedRoutes(String json, String source) {
        List<ConnectedRoute> routes = new ArrayList<>();
        for (JsonNode route : array(json, source)) {
            String destination = text(route, "dst", source);
            if (route.has("gateway") || route.has("via") || destination.equals("default") || !route.has("dev")) {
                continue;
            }
            int slash = destination.indexOf('/');
            InetAddress network = literal(slash < 0 ? destination : destination.substring(0, slash), source);
            int prefix = slash < 0 ? VirtualAddress.maxPrefix(network) : parsePrefix(destination.substring(slash + 1), source);
            routes.add(new ConnectedRoute(network, prefix, text(route, "dev", source)));
        }
        return routes;
    }

    private static JsonNode array(String json, String source) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isArray()) {
                throw new UnexpectedOutputException(source + " did not print a JSON array: " + abbreviate(json));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new UnexpectedOutputException(source + " printed malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new UnexpectedOutputException(source + " printed an entry without a text field '" + field + "': "
                    + abbreviate(node.toString()));
        }
        return value.textValue();
    }

    private static int integer(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new UnexpectedOutputException(source + " printed an entry without a number field '" + field + "': "
                    + abbreviate(node.toString()));
        }
        return value.intValue();
    }

    private static int parsePrefix(String text, String source) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UnexpectedOutputException(source + " printed a route with prefix '" + text + "'", e);
        }
    }

    private static InetAddress literal(String text, String source) {
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

    private static String abbreviate(String text) {
        String line = text.strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
