package it.io.heal8s.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A small client for the Liberty server that the build started for the ITs. */
final class Http {

    static final String BASE = System.getProperty("heal8s.it.base-url", "http://localhost:9080");

    /** The IT server's messages.log, in JSON (the IT profile sets com.ibm.ws.logging.message.format). */
    static final Path MESSAGES_LOG = Path.of("target/liberty/wlp/usr/servers/heal8s/logs/messages.log");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    /** A GET with {@code Authorization: Bearer token} when the token is not null. */
    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
