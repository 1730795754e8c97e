package io.heal8s.engine.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A PromQL instant query through Prometheus's documented HTTP API, {@code GET /api/v1/query?query=...}, answered by
 * {@code {"status":"success","data":{"resultType":"vector"|"scalar",...}}}. Healthy: a non-empty result whose every
 * sample value is a number other than 0 (a sample's value is {@code [time, "text"]}), so a filtering expression that
 * returns nothing when unhealthy and a {@code bool} comparison that returns 0 both work.
 *
 * <p>Each call opens and closes its own connection ({@code HttpURLConnection} with {@code Connection: close}): no
 * pool and no background thread outlive it, so an undeployed application leaves nothing behind; a few calls a
 * minute need no more. Both the connection and the answer are bounded in time, and the answer in size.
 */
public final class PrometheusClient implements PromQlCheck {

    /** The largest answer read; a verification query that returns more series than this is a mistake. */
    public static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SUMMARY = 200;

    private final URI base;
    private final Duration timeout;

    /**
     * @param baseUrl Prometheus's address, such as {@code http://prometheus:9090}
     * @param timeout for the connection and for the answer each
     */
    public PrometheusClient(URI baseUrl, Duration timeout) {
        String text = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        this.base = URI.create(text);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    @Override
    public PromQlAnswer ask(String query) throws PrometheusException {
        Objects.requireNonNull(query, "query");
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestProperty("Accept", "application/json");
            c.setRequestProperty("Connection", "close");
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body = in == null ? new byte[0] : read(in);
            return answer(status, body);
        } catch (SocketTimeoutException e) {
            throw new PrometheusException("Prometheus at " + base + " did not answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + base + " cannot be reached: " + e, e);
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static byte[] read(InputStream in) throws IOException, PrometheusException {
        try (in) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new PrometheusException("Prometheus's answer is longer than " + MAX_ANSWER_BYTES
                        + " bytes; make the verification query return fewer series");
            }
            return body;
        }
    }

    /** Reads an answer of the query API (pure: tested on documented answers without a server). */
    static PromQlAnswer answer(int status, byte[] body) throws PrometheusException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new PrometheusException("Prometheus answered HTTP " + status + " with a body that is not JSON");
        }
        if (root == null || !"success".equals(root.path("status").asText())) {
            String error = root == null ? "" : root.path("errorType").asText("") + ": " + root.path("error").asText("");
            throw new PrometheusException("Prometheus answered HTTP " + status + " " + oneLine(error));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        switch (type) {
            case "scalar" -> {
                double v = value(result);
                return new PromQlAnswer(v != 0 && !Double.isNaN(v), "scalar " + result.path(1).asText());
            }
            case "vector" -> {
                if (!result.isArray() || result.isEmpty()) {
                    return new PromQlAnswer(false, "empty result");
                }
                int zero = 0;
                for (JsonNode sample : result) {
                    double v = value(sample.path("value"));
                    if (v == 0 || Double.isNaN(v)) {
                        zero++;
                    }
                }
                return new PromQlAnswer(zero == 0, result.size() + " series" + (zero == 0 ? ", all non-zero"
                        : ", " + zero + " zero or NaN") + " (first " + oneLine(result.get(0).path("value").path(1)
                                .asText()) + ")");
            }
            default -> throw new PrometheusException("the verification query must give an instant vector or a "
                    + "scalar; Prometheus answered a " + (type.isEmpty() ? "result of no type" : type));
        }
    }

    private static double value(JsonNode pair) throws PrometheusException {
        String text = pair.path(1).asText(null);
        if (text == null) {
            throw new PrometheusException("a sample without a value in Prometheus's answer");
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return switch (text) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new PrometheusException("a sample value '" + oneLine(text) + "' is not a number");
            };
        }
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > MAX_SUMMARY ? line.substring(0, MAX_SUMMARY) + "…" : line;
    }

    @Override
    public String toString() {
        return "Prometheus at " + base;
    }
}
