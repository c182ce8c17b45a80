package org.jheartbeat.agent.network;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code src/test/resources/rtnetlink/record.sh} recorded: iproute2 6.1's requests and the kernel's answers, one
 * datagram per line of hex, and the JSON {@code ip -j addr show} printed from those answers.
 */
final class RtnetlinkRecording {

    private RtnetlinkRecording() {
    }

    static List<byte[]> datagrams(String name) {
        return text(name + ".hex").lines().filter(line -> !line.isBlank()).map(HexFormat.of()::parseHex).toList();
    }

    static byte[] datagram(String name) {
        return datagrams(name).get(0);
    }

    /** A field of a request's header or payload, in this machine's byte order. */
    static int intAt(byte[] datagram, int offset) {
        return ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder()).getInt(offset);
    }

    /** Each interface {@code ip -j addr show} printed: name, MAC and its addresses as "local/prefix label flags". */
    static List<String> printedInterfaces() {
        List<String> interfaces = new ArrayList<>();
        try {
            for (Object entry : JSON.std.listFrom(text("ip-addr-show.json"))) {
                Map<?, ?> link = (Map<?, ?>) entry;
                List<String> addresses = new ArrayList<>();
                for (Object item : (List<?>) link.get("addr_info")) {
                    Map<?, ?> info = (Map<?, ?>) item;
                    addresses.add(describe(InetAddress.getByName((String) info.get("local")).getHostAddress(),
                            ((Number) info.get("prefixlen")).intValue(),
                            Optional.ofNullable((String) info.get("label")),
                            Boolean.TRUE.equals(info.get("tentative")), Boolean.TRUE.equals(info.get("dadfailed"))));
                }
                interfaces.add(link.get("ifname") + " " + link.get("address") + " " + addresses);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return interfaces;
    }

    static String describe(String address, int prefixLength, Optional<String> label, boolean tentative,
                           boolean dadFailed) {
        return address + "/" + prefixLength + label.map(name -> " label " + name).orElse("")
                + (tentative ? " tentative" : "") + (dadFailed ? " dadfailed" : "");
    }

    private static String text(String name) {
        try (InputStream in = RtnetlinkRecording.class.getResourceAsStream("/rtnetlink/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no recording rtnetlink/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
