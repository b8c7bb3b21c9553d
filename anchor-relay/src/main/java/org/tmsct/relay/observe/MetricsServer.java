package org.tmsct.relay.observe;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The relay's HTTP endpoint, the Prometheus exporter's server on one thread: {@code /metrics}
 * answers the registry in the Prometheus text format; {@code /health} answers the health JSON with
 * 200 when healthy and 503 otherwise; anything else is a 404.
 */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer server;
    private final InetSocketAddress address;

    private MetricsServer(final HTTPServer server, final InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    public static MetricsServer start(final InetSocketAddress address, final RelayMetrics metrics)
            throws IOException {
        if (address.isUnresolved()) {
            // the exporter would take a missing address for "every interface"
            throw new IllegalArgumentException("unknown host " + address.getHostString());
        }
        HTTPServer server =
                HTTPServer.builder()
                        .inetAddress(address.getAddress())
                        .port(address.getPort())
                        .registry(metrics.registry())
                        // the exporter's own /-/healthy would only say the process is up; ours says
                        // whether it makes progress
                        .registerHealthHandler(false)
                        .defaultHandler(
                                exchange -> {
                                    if ("/health".equals(exchange.getRequestURI().getPath())) {
                                        RelayHealth.Snapshot s = metrics.health();
                                        respond(
                                                exchange,
                                                s.healthy() ? 200 : 503,
                                                "application/json",
                                                s.json().toString() + "\n");
                                    } else {
                                        respond(
                                                exchange,
                                                404,
                                                "text/plain; charset=utf-8",
                                                "try /health or /metrics\n");
                                    }
                                })
                        .executorService(
                                Executors.newSingleThreadExecutor(
                                        r -> {
                                            Thread t = new Thread(r, "relay-http");
                                            t.setDaemon(true);
                                            return t;
                                        }))
                        .buildAndStart();
        return new MetricsServer(
                server, new InetSocketAddress(address.getAddress(), server.getPort()));
    }

    public InetSocketAddress address() {
        return address;
    }

    private static void respond(
            final HttpExchange exchange, final int code, final String type, final String body)
            throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(code, -1);
                return;
            }
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
