package io.heal8s.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heal8s.bench.load.AlertPayloads.Payload;
import io.heal8s.bench.load.AlertPayloads.PodRef;
import io.heal8s.fakegithub.FakeGitHub;
import io.heal8s.fakegithub.PullRequestSnapshot;
import io.heal8s.fakegithub.RecordedRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The GitOps benchmark: the time from an OOM alert sent to heal8s' webhook to the pull request opened on GitHub, and
 * the REST calls one pull request costs. It runs the fake GitHub ({@link FakeGitHub}) in this process, on a fixed port
 * that the server under test was configured with ({@code heal8s.github.api-url}), with repository
 * {@code acme/k8s-manifests} holding one manifest per workload; creates the workloads in the sandbox's Kubernetes API;
 * then sends one alert per workload, first one at a time (latency percentiles), then all at once (time until every
 * pull request is open). "Opened" is timed by a webhook receiver in this process ({@link OpenedPullRequests}). The
 * issue's aim is under 1 s; the original Go heal8s polled every 10 s. {@code bench/gitops.sh} starts the server and
 * runs this; see docs/benchmarks.md.
 *
 * <p>Exit codes: 0 every pull request opened once and carries the expected change; 1 one is missing, duplicated or
 * wrong; 2 bad usage or a failure to reach the server.
 */
@Command(name = "pull-request-latency", mixinStandardHelpOptions = true,
        description = "Alert-to-pull-request latency of heal8s against a fake GitHub run by this generator.")
public final class PullRequestLatency implements Callable<Integer> {

    static final String WARMUP_NAMESPACE = "gitops-warmup";
    static final String SEQUENTIAL_NAMESPACE = "gitops-sequential";
    static final String BURST_NAMESPACE = "gitops-burst";
    private static final double AIM_MILLIS = 1000;

    @Option(names = "--url", description = "heal8s' base URL (default: ${DEFAULT-VALUE})")
    URI url = URI.create("http://127.0.0.1:9580");

    @Option(names = "--token-env", description = "environment variable holding the webhook token; the dev server's"
            + " token sandbox-token when unset (default: ${DEFAULT-VALUE})")
    String tokenEnv = "HEAL8S_WEBHOOK_TOKEN";

    @Option(names = "--sandbox-api", description = "the sandbox's Kubernetes API, where the workloads are created"
            + " (default: ${DEFAULT-VALUE})")
    String sandboxApi = "http://127.0.0.1:9581";

    @Option(names = "--github-port", description = "port of the fake GitHub on 127.0.0.1, the one heal8s'"
            + " heal8s.github.api-url names (default: ${DEFAULT-VALUE})")
    int githubPort = 9582;

    @Option(names = "--github-token-file", required = true, description = "the file holding the token heal8s sends"
            + " (its heal8s.github.token-file); the fake accepts that token")
    Path githubTokenFile;

    @Option(names = "--warmup", description = "alerts before the measured ones, one at a time, not counted in the"
            + " percentiles (the first one is reported: a cold server) (default: ${DEFAULT-VALUE})")
    int warmup = 5;

    @Option(names = "--sequential", description = "alerts sent one at a time, each after the previous pull request"
            + " opened (default: ${DEFAULT-VALUE})")
    int sequential = 50;

    @Option(names = "--burst", description = "alerts sent all at once after the sequential ones; 0 to skip"
            + " (default: ${DEFAULT-VALUE})")
    int burst = 50;

    @Option(names = "--timeout", description = "seconds to wait for one pull request, or for the whole burst"
            + " (default: ${DEFAULT-VALUE})")
    int timeoutSeconds = 60;

    @Spec
    CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> problems = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command, with 2 for every failure that is not a missing or duplicated pull request (picocli says 1). */
    static CommandLine commandLine() {
        return new CommandLine(new PullRequestLatency()).setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("pull-request-latency: " + e);
            return 2;
        });
    }

    @Override
    public Integer call() throws Exception {
        validate();
        String githubToken = readToken(githubTokenFile);
        String webhookToken = System.getenv().getOrDefault(tokenEnv, "sandbox-token");
        List<PodRef> warmupPods = PullRequestFixtures.pods(WARMUP_NAMESPACE, warmup);
        List<PodRef> sequentialPods = PullRequestFixtures.pods(SEQUENTIAL_NAMESPACE, sequential);
        List<PodRef> burstPods = PullRequestFixtures.pods(BURST_NAMESPACE, burst);
        List<PodRef> all = new ArrayList<>(warmupPods);
        all.addAll(sequentialPods);
        all.addAll(burstPods);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);

        String receiverSecret = randomHex();
        // The fake first: its class sets sun.net.httpserver.nodelay before any JDK HttpServer of this JVM starts.
        try (FakeGitHub github = FakeGitHub.start(githubPort);
             OpenedPullRequests receiver = OpenedPullRequests.start(receiverSecret)) {
            github.addToken(githubToken);
            github.createRepository(PullRequestFixtures.OWNER, PullRequestFixtures.REPO,
                    PullRequestFixtures.BASE_BRANCH, PullRequestFixtures.manifests(all));
            github.deliverWebhooksTo(receiver.url(), receiverSecret);
            System.out.printf(Locale.ROOT, "fake GitHub at %s: %s/%s with %d manifests; pull_request events to %s%n",
                    github.apiUrl(), PullRequestFixtures.OWNER, PullRequestFixtures.REPO, all.size(), receiver.url());

            long seeding = System.nanoTime();
            try (SandboxWorkloads workloads = new SandboxWorkloads(sandboxApi)) {
                for (String namespace : List.of(WARMUP_NAMESPACE, SEQUENTIAL_NAMESPACE, BURST_NAMESPACE)) {
                    int count = (int) all.stream().filter(p -> p.namespace().equals(namespace)).count();
                    if (count > 0) {
                        workloads.create(namespace, count, 1);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "created %d Deployments (one pod each) in the sandbox (%s) in %.1f s%n",
                    all.size(), sandboxApi, (System.nanoTime() - seeding) / 1e9);
            github.clearRequests();

            HttpClient http = LoadRunner.client();
            Sender sender = new Sender(http, url.resolve("/api/v1/alerts"), webhookToken, timeout);
            if (!warmupPods.isEmpty()) {
                List<Sample> warm = oneAtATime(sender, receiver, warmupPods, timeout);
                if (!warm.isEmpty()) {
                    System.out.printf(Locale.ROOT, "[warm-up] %d alerts one at a time (not in the figures): first"
                            + " (cold server) %.0f ms, then %s%n", warm.size(), Latencies.millis(warm.get(0).opened()),
                            warm.stream().skip(1).map(s -> String.format(Locale.ROOT, "%.0f", Latencies.millis(
                                    s.opened()))).toList() + " ms");
                }
            }
            Latencies sequentialOpened = null;
            if (!sequentialPods.isEmpty()) {
                List<Sample> samples = oneAtATime(sender, receiver, sequentialPods, timeout);
                if (!samples.isEmpty()) {
                    sequentialOpened = new Latencies(samples.stream().mapToLong(Sample::opened).toArray());
                    System.out.printf(Locale.ROOT, "[sequential] %d alerts, each after the previous PR opened%n"
                            + "  alert sent -> PR opened:        %s%n"
                            + "  alert sent -> webhook answered: %s%n", samples.size(), sequentialOpened.describe(),
                            new Latencies(samples.stream().mapToLong(Sample::answered).toArray()).describe());
                    if (samples.size() >= 20) {
                        // Each publish lists the open pull requests, which the run itself keeps adding to.
                        System.out.printf(Locale.ROOT, "  mean of the first 10: %.0f ms, of the last 10: %.0f ms%n",
                                meanMillis(samples.subList(0, 10)),
                                meanMillis(samples.subList(samples.size() - 10, samples.size())));
                    }
                }
            }
            if (!burstPods.isEmpty()) {
                burst(sender, receiver, burstPods, timeout);
            }

            awaitLabels(github, all.size(), timeout);
            countCalls(github.requests(), github.pulls().size());
            describeListing(http, github, githubToken);
            check(github, receiver, all);
            listStuck(http, webhookToken, all);
            if (sequentialOpened != null) {
                System.out.printf(Locale.ROOT, "aim (issue): alert to PR opened under 1 s (the Go original polled"
                        + " every 10 s): sequential p50 %.0f ms, p99 %.0f ms: %s%n",
                        Latencies.millis(sequentialOpened.percentileNanos(50)),
                        Latencies.millis(sequentialOpened.percentileNanos(99)),
                        Latencies.millis(sequentialOpened.percentileNanos(99)) < AIM_MILLIS ? "met" : "missed");
            }
        }
        if (problems.isEmpty()) {
            System.out.println("PASS: every pull request opened once, with the expected change");
            return 0;
        }
        System.out.println("FAIL: " + problems.size() + " problem(s)");
        problems.stream().limit(20).forEach(p -> System.out.println("  - " + p));
        return 1;
    }

    private static double meanMillis(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::opened).average().orElse(0) / 1e6;
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** One alert's timings, from its send: the webhook's 2xx, and its pull request's {@code opened} event. */
    record Sample(PodRef pod, long answered, long opened) {
    }

    private List<Sample> oneAtATime(Sender sender, OpenedPullRequests receiver, List<PodRef> pods, Duration timeout)
            throws IOException, InterruptedException {
        List<Sample> samples = new ArrayList<>();
        for (PodRef pod : pods) {
            HttpRequest request = sender.request(pod);
            long sent = System.nanoTime();
            int status = sender.send(request);
            long answered = System.nanoTime();
            if (status / 100 != 2) {
                problems.add("alert on " + pod.namespace() + "/" + pod.pod() + ": the webhook answered " + status);
                continue;
            }
            try {
                long opened = receiver.awaitOpened(PullRequestFixtures.key(pod), timeout);
                samples.add(new Sample(pod, answered - sent, opened - sent));
            } catch (TimeoutException e) {
                problems.add("no pull request for " + PullRequestFixtures.key(pod) + " within " + timeout.toSeconds()
                        + " s");
            }
        }
        return samples;
    }

    private void burst(Sender sender, OpenedPullRequests receiver, List<PodRef> pods, Duration timeout)
            throws InterruptedException {
        List<HttpRequest> requests = pods.stream().map(sender::request).toList();
        Map<PodRef, Long> sentAt = new HashMap<>();
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < pods.size(); i++) {
            sentAt.put(pods.get(i), System.nanoTime());
            answers.add(sender.sendAsync(requests.get(i)));
        }
        long lastAnswer = start;
        for (int i = 0; i < pods.size(); i++) {
            try {
                int status = answers.get(i).join().statusCode();
                lastAnswer = Math.max(lastAnswer, System.nanoTime());
                if (status / 100 != 2) {
                    problems.add("burst alert on " + pods.get(i).pod() + ": the webhook answered " + status);
                }
            } catch (RuntimeException e) {
                problems.add("burst alert on " + pods.get(i).pod() + ": " + e.getMessage());
            }
        }
        long deadline = start + timeout.toNanos();
        List<Long> latencies = new ArrayList<>();
        long lastOpened = start;
        for (PodRef pod : pods) {
            try {
                long opened = receiver.awaitOpened(PullRequestFixtures.key(pod),
                        Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                latencies.add(opened - sentAt.get(pod));
                lastOpened = Math.max(lastOpened, opened);
            } catch (TimeoutException e) {
                problems.add("burst: no pull request for " + PullRequestFixtures.key(pod) + " within "
                        + timeout.toSeconds() + " s of the burst's start");
            }
        }
        if (latencies.isEmpty()) {
            System.out.printf(Locale.ROOT, "[burst] %d alerts at once: no pull request opened within %d s%n",
                    pods.size(), timeout.toSeconds());
            return;
        }
        double allOpen = (lastOpened - start) / 1e9;
        System.out.printf(Locale.ROOT, "[burst] %d alerts at once (one body each): every webhook answered after %.0f"
                + " ms; %d PRs open after %.2f s: %.1f PRs/s%n"
                + "  alert sent -> PR opened, per alert: %s%n", pods.size(), (lastAnswer - start) / 1e6,
                latencies.size(), allOpen, latencies.size() / allOpen,
                new Latencies(latencies.stream().mapToLong(Long::longValue).toArray()).describe());
    }

    /** Waits until every pull request has its labels: the last call of the flow, so the count below is complete. */
    private void awaitLabels(FakeGitHub github, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<PullRequestSnapshot> pulls = github.pulls();
            if (pulls.size() >= expected && pulls.stream().allMatch(p -> !p.labels().isEmpty())) {
                return;
            }
            // A polling loop in a benchmark's main, not a test: 50 ms is far below the figures it waits for.
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        problems.add("not every pull request got its labels within " + timeout.toSeconds() + " s");
    }

    private void countCalls(List<RecordedRequest> requests, int pulls) {
        long failed = requests.stream().filter(r -> r.status() >= 400).count();
        System.out.printf(Locale.ROOT, "REST calls to GitHub: %d for %d pull requests: %.2f per PR (%d answered"
                + " 4xx/5xx)%n", requests.size(), pulls, pulls == 0 ? Double.NaN : requests.size() / (double) pulls,
                failed);
        PullRequestFixtures.byEndpoint(requests).forEach((endpoint, count) -> System.out.printf(Locale.ROOT,
                "  %5d  %5.2f/PR  %s%n", count, pulls == 0 ? Double.NaN : count / (double) pulls, endpoint));
    }

    /**
     * The size of the answer to the listing every publish starts with ({@code GET pulls?state=open&per_page=100&base}),
     * now that the run's pull requests are open: it grows with every open pull request (each item is a whole pull
     * request object with its body and repositories), and concurrent publishes each hold one in memory.
     */
    private void describeListing(HttpClient http, FakeGitHub github, String token) throws InterruptedException {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(github.apiUrl() + "/repos/"
                            + PullRequestFixtures.OWNER + "/" + PullRequestFixtures.REPO
                            + "/pulls?state=open&per_page=100&base=" + PullRequestFixtures.BASE_BRANCH))
                    .header("Authorization", "token " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            int items = json.readTree(response.body()).size();
            System.out.printf(Locale.ROOT, "the open pull requests' listing each publish reads: %d items, %d KiB"
                    + " (%.1f KiB a pull request)%n", items, response.body().length / 1024,
                    items == 0 ? 0.0 : response.body().length / 1024.0 / items);
        } catch (IOException e) {
            System.out.println("cannot read the open pull requests' listing: " + e);
        }
    }

    /** One pull request per workload, opened once, whose branch carries the 25% raise of the limit and request. */
    private void check(FakeGitHub github, OpenedPullRequests receiver, List<PodRef> pods) {
        Map<String, PodRef> expected = PullRequestFixtures.byKey(pods);
        Map<String, List<PullRequestSnapshot>> byWorkload = new HashMap<>();
        for (PullRequestSnapshot pr : github.pulls()) {
            Optional<String> key = PullRequestFixtures.workloadOfBranch(pr.headRef());
            if (key.isEmpty() || !expected.containsKey(key.get())) {
                problems.add("an unexpected pull request #" + pr.number() + " from " + pr.headRef());
                continue;
            }
            byWorkload.computeIfAbsent(key.get(), k -> new ArrayList<>()).add(pr);
        }
        int patched = 0;
        for (Map.Entry<String, PodRef> e : expected.entrySet()) {
            List<PullRequestSnapshot> prs = byWorkload.getOrDefault(e.getKey(), List.of());
            if (prs.size() > 1 || receiver.openedEvents(e.getKey()) > 1) {
                problems.add(e.getKey() + ": " + prs.size() + " pull requests, " + receiver.openedEvents(e.getKey())
                        + " opened events (duplicated)");
            }
            for (PullRequestSnapshot pr : prs) {
                String file = github.file(PullRequestFixtures.OWNER, PullRequestFixtures.REPO, pr.headRef(),
                        PullRequestFixtures.manifestPath(e.getValue().namespace(), e.getValue().workload()));
                if (file != null && file.contains("memory: 320Mi   # sized by hand") && file.contains("memory: 160Mi")
                        && pr.open()) {
                    patched++;
                } else {
                    problems.add(e.getKey() + ": pull request #" + pr.number() + " is " + pr.state()
                            + " or its manifest lacks the raised memory (320Mi limit, 160Mi request)");
                }
            }
        }
        if (receiver.refused() > 0) {
            problems.add(receiver.refused() + " webhook deliveries with a bad signature");
        }
        System.out.printf(Locale.ROOT, "pull requests: %d for %d workloads (%d opened events), %d open with the"
                + " expected change (memory limit 256Mi -> 320Mi, request 128Mi -> 160Mi)%n",
                github.pulls().size(), expected.size(), receiver.openedEventsTotal(), patched);
    }

    /** For a failed run: the Remediations that did not reach PRCreated, with their reason, as heal8s lists them. */
    private void listStuck(HttpClient http, String token, List<PodRef> pods) throws InterruptedException {
        if (problems.isEmpty()) {
            return;
        }
        for (String namespace : pods.stream().map(PodRef::namespace).distinct().toList()) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve(
                                "/api/v1/remediations?namespace=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode item : json.readTree(response.body()).path("items")) {
                    JsonNode status = item.path("status");
                    if (!"PRCreated".equals(status.path("phase").asText())) {
                        System.out.printf("  Remediation %s/%s: %s %s: %s%n", namespace,
                                item.path("metadata").path("name").asText(), status.path("phase").asText("(none)"),
                                status.path("reason").asText(""), status.path("message").asText(""));
                    }
                }
            } catch (IOException e) {
                System.out.println("  cannot list the Remediations of " + namespace + ": " + e
                        + (e instanceof ConnectException ? " (heal8s is not answering: did it stop? See its"
                        + " messages.log)" : ""));
            }
        }
    }

    private void validate() {
        if (warmup < 0 || sequential < 0 || burst < 0 || sequential + burst < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup, --sequential, --burst: none"
                    + " negative, and --sequential plus --burst at least 1");
        }
        if (sequential + burst + warmup > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup, --sequential, --burst: at most"
                    + " 1000 workloads in all (SandboxWorkloads names them app-000 to app-999)");
        }
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout: at least 1 second");
        }
        if (githubPort < 1 || githubPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--github-port: " + githubPort
                    + " is not a TCP port (1-65535); heal8s must be configured with the same");
        }
    }

    static String readToken(Path file) throws IOException {
        String token = Files.readString(file).trim();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("--github-token-file: " + file + " is empty");
        }
        return token;
    }

    /** Posts one alert per body to the webhook with the bearer token. */
    private record Sender(HttpClient http, URI alerts, String token, Duration timeout) {

        int send(HttpRequest request) throws IOException, InterruptedException {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        CompletableFuture<HttpResponse<Void>> sendAsync(HttpRequest request) {
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        }

        /** Built before the clock starts: the body's JSON is not part of the latency. */
        HttpRequest request(PodRef pod) {
            Payload payload = PullRequestFixtures.oomAlert(pod);
            return HttpRequest.newBuilder(alerts).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload.body())).build();
        }
    }
}
