package io.heal8s.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * heal8s' own timing of the webhook, {@code heal8s_processing_duration_seconds} from {@code /metrics}: from the body
 * read to the answer, inside the server. Set beside the generator's latency, it tells the time spent in heal8s from the
 * time spent queued in front of it (HTTP, the executor, a CPU taken by something else).
 *
 * @param sumSeconds the timer's {@code _sum}
 * @param count the timer's {@code _count}
 */
public record ProcessingTime(double sumSeconds, long count) {

    private static final String NAME = "heal8s_processing_duration_seconds";
    private static final String NUMBER = "([0-9.eE+-]+|NaN)";

    /** Reads the timer from {@code base}'s {@code /metrics} (no credentials: Prometheus scrapes it so). */
    public static ProcessingTime read(HttpClient http, URI base) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(10))
                .GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + response.statusCode());
        }
        return parse(response.body());
    }

    /** The timer's values in Prometheus' text format; zeros before the first request. */
    static ProcessingTime parse(String exposition) {
        double sum = value(exposition, NAME + "_sum\\{[^}]*\\}");
        double count = value(exposition, NAME + "_count\\{[^}]*\\}");
        return new ProcessingTime(Double.isNaN(sum) ? 0 : sum, Double.isNaN(count) ? 0 : (long) count);
    }

    /** The mean time per request between {@code before} and this reading, in milliseconds. */
    public double meanMillisSince(ProcessingTime before) {
        long requests = count - before.count;
        return requests <= 0 ? Double.NaN : (sumSeconds - before.sumSeconds) * 1000 / requests;
    }

    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + "\\s+" + NUMBER).matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
