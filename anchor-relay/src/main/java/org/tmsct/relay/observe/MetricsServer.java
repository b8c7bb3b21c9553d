package org.tmsct.relay.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The relay's HTTP endpoint (JDK HttpServer, one thread): {@code /health} answers the health JSON
 * with 200 when healthy and 503 otherwise; {@code /metrics} answers the Prometheus text format.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;

    private MetricsServer(final HttpServer server) {
        this.server = server;
    }

    public static MetricsServer start(final InetSocketAddress address, final Supplier<RelayHealth.Snapshot> health,
                                      final BooleanSupplier healthy, final java.util.function.Function<Boolean, String> metrics)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/health", exchange -> {
            RelayHealth.Snapshot s = health.get();
            respond(exchange, s.healthy() ? 200 : 503, "application/json", s.json().toString() + "\n");
        });
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.apply(healthy.getAsBoolean())));
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "try /health or /metrics\n"));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "relay-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new MetricsServer(server);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void respond(final HttpExchange exchange, final int code, final String type, final String body) throws IOException {
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
        server.stop(0);
    }
}
