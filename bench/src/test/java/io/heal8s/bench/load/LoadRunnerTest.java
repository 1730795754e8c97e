package io.heal8s.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.heal8s.bench.load.AlertPayloads.Payload;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {

    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private final Map<String, Integer> authorizations = new ConcurrentHashMap<>();
    private URI alerts;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        // Every third request is refused as heal8s refuses one when Kubernetes is away.
        server.createContext("/api/v1/alerts", exchange -> {
            exchange.getRequestBody().readAllBytes();
            authorizations.merge(exchange.getRequestHeaders().getFirst("Authorization"), 1, Integer::sum);
            int n = received.incrementAndGet();
            byte[] body = (n % 3 == 0 ? "{\"error\":\"kubernetes unavailable\"}" : "{\"alerts\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(n % 3 == 0 ? 503 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        alerts = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/alerts");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    @Test
    void sendsEachBodyOnceCountingAlertsOfTheAnsweredOnesAndOtherAnswersByStatus() throws InterruptedException {
        List<Payload> payloads = List.of(payload(1), payload(2), payload(3), payload(4), payload(5), payload(6));
        LoadRunner runner = new LoadRunner(LoadRunner.client(), alerts, "t0ken", 2, Duration.ofSeconds(5));

        PhaseResult result = runner.run("once", payloads, 0, null);

        assertThat(received).hasValue(6);
        assertThat(result.statuses()).containsOnly(Map.entry(200, 4L), Map.entry(503, 2L));
        assertThat(result.requests()).isEqualTo(4);
        assertThat(result.failed()).isEqualTo(2);
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(4);
        assertThat(result.errorSamples()).containsKey("503");
        assertThat(authorizations).containsOnlyKeys("Bearer t0ken");
        assertThat(result.describe()).contains("200=4, 503=2").contains("by alerts per body");
        assertThat(result.latencyBySize().values().stream().mapToLong(h -> h.getTotalCount()).sum()).isEqualTo(4);
        assertThat(result.latencyBySize().keySet()).allMatch(size -> size >= 1 && size <= 6);
    }

    @Test
    void atATargetRateTheAlertsAreSpreadOverTheDurationAsAsked() throws InterruptedException {
        // 5 alerts per body at 500 alerts/s: a body every 10 ms, so about 100 in a second.
        LoadRunner runner = new LoadRunner(LoadRunner.client(), alerts, "t0ken", 4, Duration.ofSeconds(5));

        PhaseResult result = runner.run("paced", List.of(payload(5)), 500, Duration.ofSeconds(1));

        assertThat(received.get()).isBetween(95, 101);
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theScheduleSpacesBodiesByTheAlertsTheyCarry() {
        LoadRunner.Schedule schedule = new LoadRunner.Schedule(List.of(payload(1), payload(3), payload(2)), 1000);

        // 1 ms per alert: bodies at 0, 1, 4 ms, then the next round from 6 ms.
        assertThat(List.of(0L, 1L, 2L, 3L, 4L).stream().map(i -> schedule.offsetNanos(i) / 1_000_000).toList())
                .containsExactly(0L, 1L, 4L, 6L, 7L);
        assertThat(schedule.payload(4).alerts()).isEqualTo(3);
    }

    private static Payload payload(int alerts) {
        return new Payload("{}".getBytes(StandardCharsets.UTF_8), alerts);
    }
}
