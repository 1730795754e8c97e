package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.heal8s.engine.config.VerificationSettings;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.VerificationSpec;
import io.heal8s.engine.verification.PromQlCheck;
import io.heal8s.engine.verification.PrometheusClient;
import io.heal8s.engine.verification.PrometheusException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PromQL check against a real Prometheus: Debian's {@code prometheus} started on loopback with a temporary
 * configuration, scraping every second a small exporter this test controls. A Direct change verifies once the test
 * flips the exporter's value from unhealthy to healthy; a change whose check never turns healthy is rolled back when
 * its window runs out. The Kubernetes side is the CRUD mock server; the verification window runs on the test clock,
 * Prometheus on real time.
 */
class PrometheusVerificationIT extends ReconcilerFixture {

    private static final String BINARY = "prometheus";
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The exporter's gauges: checkout_healthy (flipped by a test) and stuck_healthy (always 0). */
    private static volatile int checkoutHealthy;
    private static HttpServer exporter;
    private static Process prometheus;
    private static Path log;
    private static URI prometheusUrl;

    FailSafePolicy policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "staging: apply it.").failSafe();

    @BeforeAll
    static void startPrometheus() throws Exception {
        Path binary = onPath(BINARY);
        if (binary == null) {
            fail(BINARY + " is not installed (Debian package prometheus): .ci/run installs it, or run"
                    + " `apt-get install prometheus`");
        }
        exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", exchange -> {
            byte[] body = ("# TYPE checkout_healthy gauge\ncheckout_healthy " + checkoutHealthy + "\n"
                    + "# TYPE stuck_healthy gauge\nstuck_healthy 0\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        exporter.start();

        Path dir = Files.createDirectories(Path.of("target", "prometheus-it", UUID.randomUUID().toString()))
                .toAbsolutePath();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: checkout",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + exporter.getAddress().getPort() + "']",
                ""));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        prometheusUrl = URI.create("http://127.0.0.1:" + port);
        log = dir.resolve("prometheus.log");
        prometheus = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await("Prometheus ready on " + prometheusUrl + " (its log: " + log + ")").atMost(AWAIT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(prometheus.isAlive()).as("Prometheus exited, see " + log).isTrue();
                    assertThat(status(prometheusUrl.resolve("/-/ready"))).isEqualTo(200);
                });
        PrometheusClient client = new PrometheusClient(prometheusUrl, Duration.ofSeconds(2));
        await("the exporter scraped").atMost(AWAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> client.ask("up{job=\"checkout\"} == 1").healthy());
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (exporter != null) {
            exporter.stop(0);
        }
    }

    RemediationReconciler reconciler() {
        VerificationSettings settings = new VerificationSettings(null, prometheusUrl, Duration.ofSeconds(2), null);
        Verifier verifier = new Verifier(clock, settings, new PrometheusClient(prometheusUrl,
                settings.prometheusTimeout()));
        return reconciler(policy, new DirectExecutor(api.client, clock, Duration.ofMinutes(10), verifier));
    }

    /** A Direct IncreaseMemory of checkout verified by {@code promql}, applied and its rollout done. */
    RemediationReconciler appliedAndRolledOut(String name, String window, String promql) {
        api.deployment("checkout");
        Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct, "24h", T0);
        VerificationSpec spec = new VerificationSpec();
        spec.setWindow(window);
        spec.setPromql(promql);
        spec.setInterval("30s");
        r.getSpec().setVerification(spec);
        api.client.resource(r).create();
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, name);
        api.deploymentRolledOut("checkout");
        return reconciler;
    }

    RemediationStatus status(String name) {
        return api.get(name).getStatus();
    }

    String memoryLimit() {
        return api.client.apps().deployments().inNamespace(MockApi.NS).withName("checkout").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory").toString();
    }

    @Test
    void theChangeVerifiesOnceTheExporterTurnsHealthy() {
        checkoutHealthy = 0;
        RemediationReconciler reconciler = appliedAndRolledOut("prom-ok", "1h", "checkout_healthy == 1");

        reconcile(reconciler, "prom-ok");
        RemediationStatus verifying = status("prom-ok");
        assertThat(verifying.getReason()).isEqualTo(Verifier.REASON_VERIFYING);
        assertThat(verifying.getVerification().getLastCheck()).isEqualTo("unhealthy: empty result");

        checkoutHealthy = 1;
        // One look per interval of the test clock; Prometheus sees the new value within its 1s scrape.
        await("verified once Prometheus scraped the healthy value").atMost(AWAIT).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    clock.advance(Duration.ofSeconds(30));
                    reconcile(reconciler, "prom-ok");
                    assertThat(status("prom-ok").getPhase()).isEqualTo(RemediationPhase.Succeeded);
                });
        RemediationStatus done = status("prom-ok");
        assertThat(done.getReason()).isEqualTo(Verifier.REASON_VERIFIED);
        assertThat(done.getMessage()).contains("verified: the PromQL check was healthy once (healthy: 1 series, all "
                + "non-zero (first 1))");
        assertThat(memoryLimit()).isEqualTo("640Mi");
    }

    @Test
    void aCheckThatNeverTurnsHealthyRollsTheChangeBackWhenTheWindowEnds() {
        RemediationReconciler reconciler = appliedAndRolledOut("prom-stuck", "2m", "stuck_healthy > bool 0");

        for (int i = 0; i < 4; i++) {
            reconcile(reconciler, "prom-stuck");
            assertThat(status("prom-stuck").getPhase()).isEqualTo(RemediationPhase.Applying);
            assertThat(status("prom-stuck").getVerification().getLastCheck())
                    .isEqualTo("unhealthy: 1 series, 1 zero or NaN (first 0)");
            clock.advance(Duration.ofSeconds(30));
        }
        reconcile(reconciler, "prom-stuck");

        RemediationStatus status = status("prom-stuck");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
        assertThat(status.getMessage()).contains("the PromQL check was not healthy (last: unhealthy: 1 series, 1 zero "
                + "or NaN (first 0))");
        assertThat(memoryLimit()).isEqualTo("512Mi");
    }

    @Test
    void theClientReadsScalarsAndReportsAnUnreachablePrometheus() throws Exception {
        PrometheusClient client = new PrometheusClient(prometheusUrl, Duration.ofSeconds(2));
        assertThat(client.ask("scalar(vector(2))")).isEqualTo(new PromQlCheck.PromQlAnswer(true, "scalar 2"));
        assertThat(client.ask("scalar(vector(0))").healthy()).isFalse();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        PrometheusClient nowhere = new PrometheusClient(URI.create("http://127.0.0.1:" + closed),
                Duration.ofSeconds(1));
        assertThatThrownBy(() -> nowhere.ask("up"))
                .isInstanceOf(PrometheusException.class)
                .hasMessageContaining("cannot be reached");
        assertThatThrownBy(() -> client.ask("up{"))
                .isInstanceOf(PrometheusException.class)
                .hasMessageContaining("HTTP 400 bad_data");
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Path onPath(String name) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
