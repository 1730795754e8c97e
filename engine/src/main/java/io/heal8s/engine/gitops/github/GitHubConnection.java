package io.heal8s.engine.gitops.github;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.heal8s.engine.config.GitHubSettings;
import io.heal8s.engine.gitops.GitOpsException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * The one way heal8s sends requests to GitHub's REST API: a hub4j {@link GitHubConnector} over fabric8's HTTP client
 * with a per-call timeout, which counts every request (for metrics and the calls-per-PR figure), reads the rate-limit
 * headers, and refuses to call while a limit is known to be exhausted. A reconciler thread must never sleep for a rate
 * limit, so instead of waiting it throws a retryable {@code RateLimited} {@link GitOpsException} with the time to wait.
 *
 * <p>{@link #call} is what {@link GitHubPublisher} uses (JSON in and out, failures mapped to reasons); {@link #send}
 * lets a hub4j {@code GitHub} built with {@code GitHubBuilder.withConnector} share the same counter and limits.
 *
 * <p>fabric8's client rather than the JDK's because it can be closed: on Java 17 a JDK {@code HttpClient} keeps its
 * selector thread (and through it the application's class loader) until it is garbage collected, so an application
 * server that undeploys heal8s would keep one per deployment. {@link #close} ends the client's threads.
 */
public final class GitHubConnection implements GitHubConnector, AutoCloseable {

    /** Used when GitHub says it is limiting without saying for how long. */
    static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("rel=\"?next\"?");

    private final URI apiUrl;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final AuthorizationProvider auth;
    private final AtomicLong requests = new AtomicLong();
    // Calls are refused until this instant (an exhausted core quota or a Retry-After); guarded by this.
    private Instant blockedUntil = Instant.EPOCH;
    private int lastRemaining = -1;

    /**
     * @param apiUrl the REST API's base URL, such as {@code https://api.github.com} or {@code https://HOST/api/v3}
     * @param timeout how long one call may take
     * @param clock for rate-limit resets and token expiry
     * @param auth made from this connection, since a GitHub App's tokens are fetched through it
     */
    public GitHubConnection(URI apiUrl, Duration timeout, Clock clock,
            Function<GitHubConnection, AuthorizationProvider> auth) {
        String base = Objects.requireNonNull(apiUrl, "apiUrl").toString();
        this.apiUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.auth = Objects.requireNonNull(auth.apply(this), "auth");
        // Built last: nothing may fail after its threads exist. No retries of its own: a 5xx or an I/O failure is
        // the caller's retryable GitOpsException, and every request sent is counted once.
        HttpClient.Builder builder = HttpClientUtils.getHttpClientFactory().newBuilder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).followAllRedirects();
        builder.tag(new RequestConfigBuilder().withRequestRetryBackoffLimit(0).build());
        this.http = builder.build();
    }

    /** A connection authenticated as {@code settings} says: a token from its file, or the GitHub App's tokens. */
    public static GitHubConnection create(GitHubSettings settings, Clock clock) {
        return new GitHubConnection(settings.apiUrl(), settings.timeout(), clock, connection -> switch (settings.auth()) {
            case TOKEN -> () -> "token " + settings.token().orElseThrow(() -> GitOpsException.retryable(
                    "GitHubUnauthorized", GitHubSettings.TOKEN_FILE + " is empty", null, null));
            case APP -> new GitHubAppAuth(settings.appId(), settings.installationId(), settings::privateKey,
                    connection::installationToken, clock, GitHubAppAuth.DEFAULT_REFRESH_MARGIN);
            case NONE -> throw new IllegalArgumentException("no GitHub authentication is configured: set "
                    + GitHubSettings.TOKEN_FILE + " or " + GitHubSettings.APP_ID);
        });
    }

    /** How many requests this connection has sent to GitHub (refused ones not included). */
    public long requestCount() {
        return requests.get();
    }

    /** The core quota left after the last answer, or -1 before any answer carried it. */
    public synchronized int rateLimitRemaining() {
        return lastRemaining;
    }

    public URI apiUrl() {
        return apiUrl;
    }

    /** Ends the HTTP client and its threads; calls after this fail as {@code GitHubUnavailable}. */
    @Override
    public void close() {
        http.close();
    }

    /** An answer: its status and its JSON body ({@link MissingNode} when it has none). */
    public record Response(int status, JsonNode body) {

        /** GitHub's {@code message}, or empty. */
        public String message() {
            return body.path("message").asText("");
        }
    }

    /**
     * Sends one request with the configured authorization.
     *
     * @param path relative to the API URL, starting with {@code /}, already encoded, with its query if any
     * @param body serialised to JSON, or null
     * @return the answer for any status the caller can act on (2xx, 404, 409, 422 and other 4xx)
     * @throws GitOpsException retryable {@code RateLimited}, {@code GitHubUnauthorized} (401) or
     *     {@code GitHubUnavailable} (5xx, I/O, timeout)
     */
    public Response call(String method, String path, Object body) {
        return call(method, path, body, authorization());
    }

    /** The credentials' {@code Authorization} value; none to be had is a retryable {@code GitHubUnauthorized}. */
    private String authorization() {
        try {
            return auth.getEncodedAuthorization();
        } catch (IOException e) {
            throw GitOpsException.retryable("GitHubUnauthorized", "no GitHub credentials: " + e.getMessage(), null, e);
        }
    }

    Response call(String method, String path, Object body, String authorization) {
        byte[] bytes = null;
        if (body != null) {
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write the request body of " + method + " " + path, e);
            }
        }
        Exchange exchange;
        try {
            exchange = exchange(method, URI.create(apiUrl + path), headers(authorization, bytes != null), bytes);
        } catch (IOException e) {
            throw unavailable(method, path, e);
        }
        return checked(method, path, exchange.status(), exchange.headers(), parse(exchange.body()));
    }

    /** One page of a JSON array read as a stream: the items kept, and the path of the next page if there is one. */
    public record Page<T>(Response response, List<T> items, String next) {
    }

    /** Reads one element of an array; the parser stands on the element's first token and is left on its last. */
    @FunctionalInterface
    public interface ItemReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /**
     * {@code GET} of a list, read as a stream so that no more than what {@code reader} keeps of each element is held:
     * GitHub's lists of pull requests are whole objects (8 KiB and more each, bodies up to 64 KiB), and a tree of a
     * page of 100 would cost megabytes per caller.
     *
     * @param path as for {@link #call}
     * @param maxBytes the most this answer may carry; more is a permanent {@code GitHubResponseTooLarge}
     * @param reader what to keep of each element (called only for a 200 whose body is an array)
     * @return the answer (its body parsed as a tree only when it is not a 200), the items, and the next page's path
     *     from the {@code Link} header ({@code rel="next"}), relative to the API URL, or null
     * @throws GitOpsException as {@link #call}, and permanent {@code GitHubResponseTooLarge} or retryable
     *     {@code GitHubUnavailable} for a body that is not a JSON array
     */
    public <T> Page<T> page(String path, long maxBytes, ItemReader<T> reader) {
        String authorization = authorization();
        URI uri = URI.create(apiUrl + path);
        HttpResponse<InputStream> response;
        try {
            response = send("GET", uri, headers(authorization, false), null, InputStream.class);
        } catch (IOException e) {
            throw unavailable("GET", path, e);
        }
        Map<String, List<String>> answered = headersOf(response);
        List<T> items = new ArrayList<>();
        JsonNode error = MissingNode.getInstance();
        try (InputStream body = new BoundedInputStream(response.body(), maxBytes)) {
            if (response.code() == 200) {
                readArray(body, reader, items);
            } else {
                error = parse(body.readAllBytes());
            }
        } catch (TooLarge e) {
            throw GitOpsException.permanent("GitHubResponseTooLarge", "GitHub's answer to GET " + pathOnly(path)
                    + " is larger than " + maxBytes + " bytes; heal8s reads no more of it");
        } catch (JsonProcessingException e) {
            throw GitOpsException.retryable("GitHubUnavailable", "GitHub's answer to GET " + pathOnly(path)
                    + " is not a JSON array: " + e.getOriginalMessage(), null, e);
        } catch (IOException e) {
            throw unavailable("GET", path, e);
        }
        Response checked = checked("GET", path, response.code(), answered, error);
        return new Page<>(checked, items, response.code() == 200 ? next(answered) : null);
    }

    private static <T> void readArray(InputStream body, ItemReader<T> reader, List<T> into) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new JsonParseException(p, "expected an array");
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() == null) {
                    throw new JsonParseException(p, "the array is cut short");
                }
                if (p.currentToken() == JsonToken.START_OBJECT) {
                    into.add(reader.read(p));
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /** The {@code rel="next"} target of a {@code Link} header, as a path under the API URL. */
    private String next(Map<String, List<String>> headers) {
        List<String> values = headers.get("Link");
        if (values == null) {
            return null;
        }
        for (String value : values) {
            for (String link : value.split(",")) {
                int open = link.indexOf('<');
                int close = link.indexOf('>', open + 1);
                if (open < 0 || close < 0 || !NEXT.matcher(link.substring(close + 1)).find()) {
                    continue;
                }
                String url = link.substring(open + 1, close).strip();
                String base = apiUrl + "/";
                if (!url.startsWith(base)) {
                    // The credentials go to the configured API URL only, never to a host a header names.
                    throw GitOpsException.permanent("GitHubRejected", "GitHub's next page " + pathOnly(url)
                            + " is not under the API URL " + apiUrl + "; heal8s does not follow it");
                }
                return url.substring(base.length() - 1);
            }
        }
        return null;
    }

    private static Map<String, List<String>> headers(String authorization, boolean json) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Accept", List.of("application/vnd.github+json"));
        headers.put("X-GitHub-Api-Version", List.of("2022-11-28"));
        if (authorization != null) {
            headers.put("Authorization", List.of(authorization));
        }
        if (json) {
            headers.put("Content-Type", List.of("application/json"));
        }
        return headers;
    }

    private GitOpsException unavailable(String method, String path, IOException e) {
        return GitOpsException.retryable("GitHubUnavailable", "GitHub at " + apiUrl.getHost() + " did not answer "
                + method + " " + pathOnly(path) + ": " + e.getClass().getSimpleName(), null, e);
    }

    /** The statuses every caller must see as exceptions: 401, a rate limit, 5xx. */
    private Response checked(String method, String path, int status, Map<String, List<String>> headers,
            JsonNode json) {
        String what = method + " " + pathOnly(path);
        if (status == 401) {
            throw GitOpsException.retryable("GitHubUnauthorized", "GitHub refused the credentials for " + what
                    + " (401 " + json.path("message").asText("") + "); a rotated token or key may fix it", null, null);
        }
        Duration limited = rateLimited(status, headers, json);
        if (limited != null) {
            throw GitOpsException.retryable("RateLimited", "GitHub rate limit on " + what + " (" + status + " "
                    + json.path("message").asText("") + "); retry after " + limited.toSeconds() + "s", limited, null);
        }
        if (status >= 500) {
            throw GitOpsException.retryable("GitHubUnavailable", "GitHub answered " + status + " to " + what, null,
                    null);
        }
        return new Response(status, json);
    }

    /** hub4j's entry point: the same counting and rate-limit gate, the request's own headers. */
    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        byte[] body = request.hasBody() ? request.body().readAllBytes() : null;
        Exchange exchange;
        try {
            exchange = exchange(request.method(), request.url().toURI(), request.allHeaders(), body);
        } catch (URISyntaxException e) {
            throw new IOException("invalid URL " + request.url(), e);
        }
        return new GitHubConnectorResponse.ByteArrayResponse(request, exchange.status(), exchange.headers()) {
            @Override
            protected InputStream rawBodyStream() {
                return new ByteArrayInputStream(exchange.body());
            }
        };
    }

    /** GitHub App: a new installation token, {@code POST /app/installations/{id}/access_tokens} with the App's JWT. */
    GitHubAppAuth.Token installationToken(long installationId, String jwt) {
        Response r = call("POST", "/app/installations/" + installationId + "/access_tokens", null, "Bearer " + jwt);
        if (r.status() != 201 && r.status() != 200) {
            throw GitOpsException.retryable("GitHubUnauthorized", "GitHub refused an installation token for "
                    + "installation " + installationId + " (" + r.status() + " " + r.message() + ")", null, null);
        }
        String token = r.body().path("token").asText("");
        String expires = r.body().path("expires_at").asText("");
        if (token.isEmpty() || expires.isEmpty()) {
            throw GitOpsException.retryable("GitHubUnavailable", "GitHub's installation token answer has no token "
                    + "or expires_at", null, null);
        }
        return new GitHubAppAuth.Token(token, Instant.parse(expires));
    }

    private record Exchange(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private Exchange exchange(String method, URI uri, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        HttpResponse<byte[]> response = send(method, uri, headers, body, byte[].class);
        return new Exchange(response.code(), headersOf(response), response.body());
    }

    /** Refuses while limited, counts, sends, and records the rate-limit headers of the answer. */
    private <B> HttpResponse<B> send(String method, URI uri, Map<String, List<String>> headers, byte[] body,
            Class<B> bodyType) throws IOException {
        refuseWhileLimited(method + " " + uri.getPath());
        HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(uri)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String contentType = null;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String value = String.join(", ", header.getValue());
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = value;
            } else if (!isRestricted(header.getKey())) {
                builder.header(header.getKey(), value);
            }
        }
        if (body != null) {
            builder.method(method, contentType == null ? "application/json" : contentType,
                    new ByteArrayInputStream(body), (long) body.length);
        } else {
            builder.method(method, contentType, (String) null);
        }
        builder.setHeader("User-Agent", "heal8s");
        // One connection per call: vert.x does not resend a request on a pooled connection the server closed (the
        // JDK client did), and without retries that race would fail calls; heal8s makes a few calls per change.
        builder.setHeader("Connection", "close");
        requests.incrementAndGet();
        CompletableFuture<HttpResponse<B>> sent;
        try {
            sent = http.sendAsync(builder.build(), bodyType);
        } catch (IllegalStateException e) {
            // The client refuses work once closed (heal8s is stopping): a retryable GitHubUnavailable, as an I/O error.
            throw new IOException("the GitHub connection is closed", e);
        }
        HttpResponse<B> response;
        try {
            // The request's own timeout ends it; this bound only guards against a client that never completes.
            response = sent.get(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        }
        record(headersOf(response));
        return response;
    }

    private static Map<String, List<String>> headersOf(HttpResponse<?> response) {
        Map<String, List<String>> answered = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        answered.putAll(response.headers());
        return answered;
    }

    /** Thrown by {@link BoundedInputStream} past its bound. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("the answer is larger than allowed");
        }
    }

    /** An answer's body that fails once more than {@code max} bytes have been read from it. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            left -= n;
            if (left < 0) {
                throw new TooLarge();
            }
        }
    }

    private synchronized void refuseWhileLimited(String what) {
        Instant now = clock.instant();
        if (now.isBefore(blockedUntil)) {
            Duration wait = Duration.between(now, blockedUntil);
            throw GitOpsException.retryable("RateLimited", "GitHub's rate limit is exhausted until " + blockedUntil
                    + "; " + what + " not sent, retry after " + Math.max(1, wait.toSeconds()) + "s", wait, null);
        }
    }

    /** Remembers the core quota; at 0 calls are refused until its reset. */
    private synchronized void record(Map<String, List<String>> headers) {
        String resource = first(headers, "X-RateLimit-Resource");
        if (resource != null && !resource.equals("core")) {
            return;
        }
        Integer remaining = integer(first(headers, "X-RateLimit-Remaining"));
        Long reset = longValue(first(headers, "X-RateLimit-Reset"));
        if (remaining != null) {
            lastRemaining = remaining;
            if (remaining == 0 && reset != null) {
                block(Instant.ofEpochSecond(reset));
            }
        }
    }

    private synchronized void block(Instant until) {
        if (until.isAfter(blockedUntil)) {
            blockedUntil = until;
        }
    }

    /** The wait a 403 or 429 asks for, or null when it is not a rate limit. */
    private Duration rateLimited(int status, Map<String, List<String>> headers, JsonNode json) {
        if (status != 403 && status != 429) {
            return null;
        }
        Instant now = clock.instant();
        Long retryAfter = longValue(first(headers, "Retry-After"));
        if (retryAfter != null) {
            Duration wait = Duration.ofSeconds(Math.max(1, retryAfter));
            block(now.plus(wait));
            return wait;
        }
        Integer remaining = integer(first(headers, "X-RateLimit-Remaining"));
        Long reset = longValue(first(headers, "X-RateLimit-Reset"));
        if (remaining != null && remaining == 0 && reset != null) {
            Duration wait = Duration.between(now, Instant.ofEpochSecond(reset));
            return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
        }
        String message = json.path("message").asText("").toLowerCase(Locale.ROOT);
        if (status == 429 || message.contains("rate limit")) {
            block(now.plus(DEFAULT_BACK_OFF));
            return DEFAULT_BACK_OFF;
        }
        return null;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static boolean isRestricted(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("host") || n.equals("connection") || n.equals("content-length") || n.equals("expect")
                || n.equals("upgrade") || n.equals("user-agent");
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0).strip();
    }

    private static Integer integer(String text) {
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String text) {
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
