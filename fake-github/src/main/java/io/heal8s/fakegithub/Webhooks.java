package io.heal8s.fakegithub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends webhook deliveries as GitHub's Hookshot does, off the request thread (a receiver that calls the fake back
 * must not deadlock it), and keeps every attempt so tests can assert statuses and replay one.
 */
final class Webhooks implements AutoCloseable {

    /** A prepared delivery: what was sent, so a redelivery is byte-identical. */
    private record Prepared(String deliveryId, String event, String action, int number, long repositoryId,
                            byte[] body, String sig256, String sig1) {
    }

    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-github-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private final List<WebhookDelivery> deliveries = new ArrayList<>();
    private final List<Prepared> prepared = new ArrayList<>();
    private volatile URI target;
    private volatile String secret;
    private volatile long hookId;

    Webhooks(Clock clock) {
        this.clock = clock;
    }

    void configure(URI url, String secret) {
        this.target = url;
        this.secret = secret;
        this.hookId = ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
    }

    boolean enabled() {
        return target != null;
    }

    /** Signs and queues one delivery; returns its id, or null when no receiver is configured. */
    String send(String event, String action, int number, long repositoryId, byte[] body) {
        URI url = target;
        if (url == null) {
            return null;
        }
        // Like GitHub, a hook without a secret sends no signature headers.
        boolean signed = secret != null;
        Prepared p = new Prepared(UUID.randomUUID().toString(), event, action, number, repositoryId, body,
                signed ? "sha256=" + hmac("HmacSHA256", body) : null, signed ? "sha1=" + hmac("HmacSHA1", body) : null);
        synchronized (lock) {
            prepared.add(p);
        }
        sender.execute(() -> deliver(url, p, false));
        return p.deliveryId();
    }

    /** Re-sends a delivery byte for byte (same id, same signature), synchronously; returns the status answered. */
    int redeliver(String deliveryId) {
        Prepared p;
        synchronized (lock) {
            p = prepared.stream().filter(x -> x.deliveryId().equals(deliveryId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no webhook delivery with id " + deliveryId));
        }
        URI url = target;
        if (url == null) {
            throw new IllegalStateException("no webhook receiver configured (deliverWebhooksTo)");
        }
        return deliver(url, p, true).status();
    }

    List<WebhookDelivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(deliveries);
        }
    }

    private WebhookDelivery deliver(URI url, Prepared p, boolean redelivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/fake")
                .header("X-GitHub-Event", p.event())
                .header("X-GitHub-Delivery", p.deliveryId())
                .header("X-GitHub-Hook-ID", Long.toString(hookId))
                .header("X-GitHub-Hook-Installation-Target-Type", "repository")
                .header("X-GitHub-Hook-Installation-Target-ID", Long.toString(p.repositoryId()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(p.body()));
        if (p.sig256() != null) {
            request.header("X-Hub-Signature-256", p.sig256()).header("X-Hub-Signature", p.sig1());
        }
        int status;
        String error = null;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = -1;
            error = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
            error = e.toString();
        }
        WebhookDelivery delivery = new WebhookDelivery(p.deliveryId(), p.event(), p.action(), p.number(),
                new String(p.body(), StandardCharsets.UTF_8), p.sig256(), status, error, redelivery, clock.instant());
        synchronized (lock) {
            deliveries.add(delivery);
        }
        return delivery;
    }

    private String hmac(String algorithm, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
