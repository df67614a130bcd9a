package io.bpfjmx.agent;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Where the meters go: JMX (domain {@code metrics}, beside the MBeans in JConsole), and, when the
 * {@code prometheusPort} option asks for it, a Prometheus scrape endpoint at {@code http://host:port/metrics}
 * served by the JDK's own HTTP server (loopback unless {@code prometheusHost} says otherwise).
 *
 * <p>The JMX registry joins once the first object is ready ({@link #exposeOverJmx}): with Dropwizard and its JMX
 * reporter it takes some 60 ms of start-up, which maps need not wait for. Nothing is lost meanwhile: the meters
 * are function meters over the agent's own counters ({@link OperationMetrics}), and a registry that joins the
 * composite gets every meter registered before it.
 */
final class MetricsRegistries implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetricsRegistries.class.getName());

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private JmxMeterRegistry jmx;
    private PrometheusMeterRegistry prometheus;
    private HttpServer server;

    CompositeMeterRegistry registry() {
        return registry;
    }

    /** Registers the meters, those to come included, as MBeans; once. A failure is logged: maps work on. */
    synchronized void exposeOverJmx() {
        if (jmx != null) {
            return;
        }
        try {
            jmx = new JmxMeterRegistry(JmxConfig.DEFAULT, Clock.SYSTEM);
            registry.add(jmx);
        } catch (RuntimeException | LinkageError e) {
            LOG.warning("bpfjmx: meters not registered as MBeans: " + e);
        }
    }

    /** Starts the scrape endpoint; a port in use is logged and leaves the agent running. */
    synchronized void servePrometheus(String host, int port) {
        if (server != null) {
            return;
        }
        try {
            PrometheusMeterRegistry scraped = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
            http.createContext("/metrics", exchange -> {
                byte[] body = scraped.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            http.setExecutor(null);
            Thread starter = new Thread(http::start, "bpfjmx-prometheus");
            starter.setDaemon(true);
            starter.start();
            registry.add(scraped);
            prometheus = scraped;
            server = http;
            LOG.info(() -> "bpfjmx: Prometheus metrics at http://" + host + ":" + port + "/metrics");
        } catch (IOException | RuntimeException e) {
            LOG.warning("bpfjmx: Prometheus endpoint not started on " + host + ":" + port + ": " + e
                    + "; choose another prometheusPort");
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            prometheus.close();
        }
        if (jmx != null) {
            jmx.close();
        }
    }
}
