package io.heal8s.bench.load;

import io.heal8s.bench.load.AlertPayloads.Payload;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends webhook bodies to heal8s from a fixed number of sender threads over keep-alive HTTP/1.1 connections, and
 * records each request's latency to its answer.
 *
 * <p>At a target rate the load is open-loop: body {@code i} has an intended send time fixed in advance by the rate,
 * and its latency is measured from that time, not from when a sender got round to it. A server that stalls therefore
 * shows the stall in every request that should have been sent meanwhile (no coordinated omission), provided there are
 * enough senders to keep the schedule while others wait. At rate 0 each sender sends as soon as its previous answer
 * arrived (closed loop: the maximum throughput).
 */
public final class LoadRunner {

    /** Status recorded for a request that got no HTTP answer (connection refused, reset, time-out). */
    public static final int NO_ANSWER = -1;

    private final HttpClient http;
    private final URI alerts;
    private final String authorization;
    private final int senders;
    private final Duration timeout;

    public LoadRunner(HttpClient http, URI alerts, String token, int senders, Duration timeout) {
        if (senders < 1) {
            throw new IllegalArgumentException("concurrency: need at least one sender, got " + senders);
        }
        this.http = http;
        this.alerts = alerts;
        this.authorization = "Bearer " + token;
        this.senders = senders;
        this.timeout = timeout;
    }

    /** An HTTP/1.1 client: the JDK client keeps its connections alive and reuses them per sender. */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Sends the bodies of {@code payloads} in a loop for {@code duration} at {@code alertsPerSecond} (0: as fast as
     * the senders go), or each once when {@code duration} is null.
     */
    public PhaseResult run(String name, List<Payload> payloads, double alertsPerSecond, Duration duration)
            throws InterruptedException {
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("payloads: nothing to send");
        }
        Schedule schedule = new Schedule(payloads, alertsPerSecond);
        Recorder recorder = new Recorder(3);
        int maxAlerts = payloads.stream().mapToInt(Payload::alerts).max().orElse(1);
        // Per body size as well: a body's alerts are handled one after another, so its size shapes its latency.
        Recorder[] bySize = new Recorder[maxAlerts + 1];
        for (int size = 1; size <= maxAlerts; size++) {
            bySize[size] = new Recorder(3);
        }
        LongAdder alertsAnswered = new LongAdder();
        LongAdder requestsAnswered = new LongAdder();
        Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        Map<String, String> errorSamples = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime() + 50_000_000L;
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        long limit = duration == null ? payloads.size() : Long.MAX_VALUE;

        List<Thread> threads = new ArrayList<>(senders);
        for (int s = 0; s < senders; s++) {
            Thread t = new Thread(() -> {
                while (true) {
                    long i = next.getAndIncrement();
                    if (i >= limit) {
                        return;
                    }
                    long intended = alertsPerSecond > 0 ? start + schedule.offsetNanos(i) : Math.max(start,
                            System.nanoTime());
                    if (intended >= end) {
                        return;
                    }
                    waitUntil(intended);
                    if (alertsPerSecond <= 0 && System.nanoTime() >= end) {
                        return;
                    }
                    Payload payload = schedule.payload(i);
                    int status = send(payload, errorSamples);
                    long latency = System.nanoTime() - intended;
                    byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
                    if (status >= 200 && status < 300) {
                        recorder.recordValue(Math.max(1, latency / 1_000));
                        if (payload.alerts() >= 1) {
                            bySize[payload.alerts()].recordValue(Math.max(1, latency / 1_000));
                        }
                        alertsAnswered.add(payload.alerts());
                        requestsAnswered.increment();
                    }
                }
            }, name + "-sender-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = Math.max(1, System.nanoTime() - start);
        if (duration != null && alertsPerSecond > 0) {
            elapsed = Math.max(elapsed, duration.toNanos());
        }
        Map<Integer, Long> statuses = new TreeMap<>();
        byStatus.forEach((k, v) -> statuses.put(k, v.sum()));
        Map<Integer, Histogram> latencyBySize = new TreeMap<>();
        for (int size = 1; size <= maxAlerts; size++) {
            Histogram h = bySize[size].getIntervalHistogram();
            if (h.getTotalCount() > 0) {
                latencyBySize.put(size, h);
            }
        }
        return new PhaseResult(name, alertsPerSecond, senders, Duration.ofNanos(elapsed), requestsAnswered.sum(),
                alertsAnswered.sum(), statuses, recorder.getIntervalHistogram(), latencyBySize,
                Map.copyOf(errorSamples));
    }

    private int send(Payload payload, Map<String, String> errorSamples) {
        HttpRequest request = HttpRequest.newBuilder(alerts)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.body()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                errorSamples.putIfAbsent(Integer.toString(status), abbreviate(response.body()));
            }
            return status;
        } catch (IOException e) {
            errorSamples.putIfAbsent(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        }
    }

    private static void waitUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? String.valueOf(text) : text.substring(0, 300) + "...";
    }

    /**
     * Body {@code i} is {@code payloads[i mod n]}; its send time is the alerts sent before it divided by the rate, so
     * that the alert rate, not the request rate, is the one asked for whatever the bodies' sizes.
     */
    static final class Schedule {
        private final List<Payload> payloads;
        private final long[] alertsBefore;
        private final long alertsPerRound;
        private final double nanosPerAlert;

        Schedule(List<Payload> payloads, double alertsPerSecond) {
            this.payloads = payloads;
            this.alertsBefore = new long[payloads.size()];
            long sum = 0;
            for (int i = 0; i < payloads.size(); i++) {
                alertsBefore[i] = sum;
                sum += payloads.get(i).alerts();
            }
            this.alertsPerRound = sum;
            this.nanosPerAlert = alertsPerSecond > 0 ? 1e9 / alertsPerSecond : 0;
        }

        Payload payload(long i) {
            return payloads.get((int) (i % payloads.size()));
        }

        long offsetNanos(long i) {
            long alerts = (i / payloads.size()) * alertsPerRound + alertsBefore[(int) (i % payloads.size())];
            return (long) (alerts * nanosPerAlert);
        }
    }
}
