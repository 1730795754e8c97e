package io.heal8s.engine.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heal8s.engine.playbook.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Asks an OPA server (the sidecar) through its REST Data API: {@code POST {base}/v1/data/{path}} with
 * {@code {"input": ...}}, answered by {@code {"result": ...}}. A small client on the documented API, because the OPA
 * Java SDK is not available to us. Thread-safe: the JDK client is shared and every call is independent.
 */
public final class RestPolicyEngine implements PolicyEngine {

    /** The contract's decision path. */
    public static final String DEFAULT_PATH = "heal8s/approval/decision";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final URI endpoint;
    private final String path;
    private final Duration timeout;
    private final Supplier<Optional<String>> token;
    private final HttpClient client;

    /**
     * @param baseUrl OPA's address, such as {@code http://localhost:8181}
     * @param path the decision path, slashes or dots between segments ({@code heal8s/approval/decision})
     * @param timeout how long to wait for a connection and for the answer
     * @param token the bearer token to send, asked for on every request (so a rotated file takes effect); empty for none
     */
    public RestPolicyEngine(URI baseUrl, String path, Duration timeout, Supplier<Optional<String>> token) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.path = normalisePath(path);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.token = Objects.requireNonNull(token, "token");
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.endpoint = URI.create(base + "/v1/data/" + this.path);
        // HTTP/1.1: OPA serves plain HTTP/1.1 and an h2c upgrade attempt only costs time.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** An engine on the contract's path with the default timeout and no token. */
    public RestPolicyEngine(URI baseUrl) {
        this(baseUrl, DEFAULT_PATH, DEFAULT_TIMEOUT, Optional::empty);
    }

    @Override
    public PolicyDecision evaluate(PolicyInput input) throws PolicyException {
        return PolicyDecision.parse(query(input.asOpaRequest()), name());
    }

    /**
     * Posts the body and returns OPA's {@code result}.
     *
     * @throws PolicyException when OPA cannot be reached, is slow, answers an error or no result
     */
    JsonNode query(JsonNode body) throws PolicyException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        token.get().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new PolicyException("OPA at " + endpoint + " did not answer within "
                    + Durations.format(timeout), e);
        } catch (IOException e) {
            throw new PolicyException("cannot reach OPA at " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyException("interrupted while asking OPA at " + endpoint, e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new PolicyException("OPA at " + endpoint + " answered HTTP " + status + errorDetail(response.body()));
        }
        JsonNode answer;
        try {
            answer = MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new PolicyException("OPA at " + endpoint + " answered malformed JSON: "
                    + e.getOriginalMessage() + " in " + abbreviate(response.body()));
        }
        if (answer == null || !answer.isObject()) {
            throw new PolicyException("OPA at " + endpoint + " answered " + abbreviate(String.valueOf(answer))
                    + " instead of an object with 'result'");
        }
        JsonNode result = answer.get("result");
        if (result == null) {
            throw new PolicyException("the decision " + path + " is undefined: OPA at " + endpoint
                    + " answered no 'result' (is the policy loaded, and does its rule match?)");
        }
        return result;
    }

    @Override
    public String name() {
        return "opa-rest";
    }

    /** Where requests go, for start-up logs. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String toString() {
        return "RestPolicyEngine[" + endpoint + ", timeout " + Durations.format(timeout) + "]";
    }

    /**
     * The decision path in OPA's URL form: dots become slashes, surrounding slashes go ({@code heal8s.approval.decision}
     * and {@code /heal8s/approval/decision/} both give {@code heal8s/approval/decision}).
     *
     * @throws IllegalArgumentException when the path is empty or has characters a Rego rule path cannot
     */
    public static String normalisePath(String path) {
        String p = path == null ? "" : path.strip().replace('.', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || !p.matches("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*")) {
            throw new IllegalArgumentException("'" + path + "' is not a decision path such as " + DEFAULT_PATH);
        }
        return p;
    }

    // OPA's errors are {"code": ..., "message": ...}; its message says what went wrong in the policy.
    private static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode error = MAPPER.readTree(body);
            if (error != null && error.hasNonNull("message")) {
                String code = error.hasNonNull("code") ? error.get("code").asText() + ": " : "";
                return " (" + code + abbreviate(error.get("message").asText()) + ")";
            }
        } catch (JsonProcessingException e) {
            // Not OPA's error shape: show the text.
        }
        return ": " + abbreviate(body);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
