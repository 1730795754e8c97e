package io.heal8s.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The benchmark's webhook receiver: the fake GitHub sends it a signed {@code pull_request} event whenever a pull
 * request is opened, and it records the {@link System#nanoTime()} of the first {@code opened} event per workload (read
 * from the head branch), so "PR opened" is timed on the generator's own clock without polling the fake. The event
 * leaves the fake right after its {@code POST pulls} answers, from its single webhook thread, so the timestamp is at
 * most that delivery's loopback round trip (about a millisecond) late.
 */
public final class OpenedPullRequests implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] secret;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, CompletableFuture<Long>> opened = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openedEvents = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();

    private OpenedPullRequests(String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "pr-webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A receiver on an ephemeral port of 127.0.0.1 that accepts only events signed with {@code secret}. */
    public static OpenedPullRequests start(String secret) {
        try {
            return new OpenedPullRequests(secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook receiver", e);
        }
    }

    /** Where the fake should deliver its events. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/github");
    }

    /** The nanoTime at which the pull request of {@code key} was seen opened; waits up to {@code timeout}. */
    public long awaitOpened(String key, Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return future(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the receiver never fails a future", e);
        }
    }

    /** The {@code opened} events received for {@code key} (more than one is a duplicated pull request). */
    public int openedEvents(String key) {
        AtomicInteger n = openedEvents.get(key);
        return n == null ? 0 : n.get();
    }

    /** Every {@code opened} event received, for any branch. */
    public int openedEventsTotal() {
        return openedEvents.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Deliveries refused for a missing or wrong signature (expected 0). */
    public int refused() {
        return refused.get();
    }

    private CompletableFuture<Long> future(String key) {
        return opened.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!signedWithSecret(body, exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"))) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if ("pull_request".equals(exchange.getRequestHeaders().getFirst("X-GitHub-Event"))) {
                JsonNode event = json.readTree(body);
                if ("opened".equals(event.path("action").asText())) {
                    String branch = event.path("pull_request").path("head").path("ref").asText();
                    String key = PullRequestFixtures.workloadOfBranch(branch).orElse(branch);
                    openedEvents.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    future(key).complete(now);
                }
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private boolean signedWithSecret(byte[] body, String header) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, header.substring(7).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
