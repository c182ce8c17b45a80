package org.jheartbeat.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in Prometheus' text format, on the address and port of
 * {@code jheartbeat.metrics.prometheus} (loopback unless a site says otherwise). Off unless enabled.
 * The JDK's own HTTP server: one request at a time is plenty for a scraper.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    private final HttpServer server;

    private PrometheusEndpoint(HttpServer server) {
        this.server = server;
    }

    public static PrometheusEndpoint open(String address, int port, Supplier<String> text) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 4);
        server.createContext("/metrics", exchange -> answer(exchange, text));
        server.start();
        return new PrometheusEndpoint(server);
    }

    private static void answer(HttpExchange exchange, Supplier<String> text) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = text.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
