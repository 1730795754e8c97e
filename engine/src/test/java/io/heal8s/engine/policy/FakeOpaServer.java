package io.heal8s.engine.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * OPA's REST Data API as far as heal8s uses it, for tests: {@code POST /v1/data/<path>} with a JSON body
 * {@code {"input": ...}}. Like OPA it refuses other methods (405), a body that is not such an object (400,
 * {@code {"code": "invalid_parameter", ...}}) and paths outside {@code /v1/data} (404). What a valid request gets is
 * set by {@link #answer}: a result, an undefined decision ({@code {}}), an error status, malformed text, or no answer
 * until the server closes (to make a client time out). Every request is recorded.
 */
final class FakeOpaServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A request as received. */
    record Request(String method, String path, String contentType, String authorization, String body) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }
    }

    /** What to answer a valid request; {@code hang} holds the answer back until {@link #close()}. */
    record Answer(int status, String body, boolean hang) {
        static Answer result(String resultJson) {
            return new Answer(200, "{\"result\": " + resultJson + "}", false);
        }

        static Answer undefined() {
            return new Answer(200, "{}", false);
        }

        static Answer status(int status, String body) {
            return new Answer(status, body, false);
        }

        static Answer noAnswer() {
            return new Answer(200, "{}", true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Answer answer = Answer.result(ContractExample.GITOPS_DECISION);

    FakeOpaServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL, such as {@code http://127.0.0.1:41234}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Sets the answer to valid requests from now on. */
    FakeOpaServer answer(Answer next) {
        this.answer = next;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            requests.add(request);
            if (!request.path().startsWith("/v1/data/")) {
                send(exchange, 404, error("resource_not_found", "no such API: " + request.path()));
                return;
            }
            if (!request.method().equals("POST")) {
                send(exchange, 405, error("method_not_allowed", request.method() + " is not served here"));
                return;
            }
            if (request.contentType() == null || !request.contentType().startsWith("application/json")) {
                send(exchange, 400, error("invalid_parameter", "expected application/json"));
                return;
            }
            JsonNode json;
            try {
                json = MAPPER.readTree(body);
            } catch (IOException e) {
                send(exchange, 400, error("invalid_parameter", "body must be JSON"));
                return;
            }
            if (json == null || !json.isObject() || !json.has("input") || json.size() != 1) {
                send(exchange, 400, error("invalid_parameter", "body must be {\"input\": ...}"));
                return;
            }
            Answer current = answer;
            if (current.hang()) {
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            send(exchange, current.status(), current.body());
        }
    }

    private static String error(String code, String message) {
        return MAPPER.createObjectNode().put("code", code).put("message", message).toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
