package org.tmsct.gateway.observe;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A daemon's HTTP endpoint (the relay's, the mirror's), the Prometheus exporter's server on one
 * thread: {@code /metrics} answers the registry in the Prometheus text format; {@code /health}
 * answers the health JSON with 200 when healthy and 503 otherwise; anything else is a 404.
 */
public final class MetricsServer implements AutoCloseable {

    /** What {@code /health} answers: whether the daemon makes progress, and why, as JSON. */
    public record Health(boolean healthy, String json) {}

    private final HTTPServer server;
    private final InetSocketAddress address;

    private MetricsServer(final HTTPServer server, final InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /**
     * @param threadName the name of the server's one thread
     */
    public static MetricsServer start(
            final InetSocketAddress address,
            final PrometheusRegistry registry,
            final Supplier<Health> health,
            final String threadName)
            throws IOException {
        if (address.isUnresolved()) {
            // the exporter would take a missing address for "every interface"
            throw new IllegalArgumentException("unknown host " + address.getHostString());
        }
        HTTPServer server =
                HTTPServer.builder()
                        .inetAddress(address.getAddress())
                        .port(address.getPort())
                        .registry(registry)
                        // the exporter's own /-/healthy would only say the process is up; ours says
                        // whether it makes progress
                        .registerHealthHandler(false)
                        .defaultHandler(
                                exchange -> {
                                    if ("/health".equals(exchange.getRequestURI().getPath())) {
                                        Health h = health.get();
                                        respond(
                                                exchange,
                                                h.healthy() ? 200 : 503,
                                                "application/json",
                                                h.json() + "\n");
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
                                            Thread t = new Thread(r, threadName);
                                            t.setDaemon(true);
                                            return t;
                                        }))
                        .buildAndStart();
        return new MetricsServer(
                server, new InetSocketAddress(address.getAddress(), server.getPort()));
    }

    /**
     * {@code HOST:PORT} as a socket address, as the daemons' {@code --metrics} options take it.
     *
     * @throws IllegalArgumentException if it is not HOST:PORT
     */
    public static InetSocketAddress address(final String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + hostPort + "'");
        }
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        return new InetSocketAddress(hostPort.substring(0, colon), port);
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
