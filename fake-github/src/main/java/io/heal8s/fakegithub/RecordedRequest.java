package io.heal8s.fakegithub;

/**
 * One request the fake answered, in arrival order, so tests can count REST calls and check what a client sent.
 *
 * @param method the HTTP method (after {@code X-HTTP-Method-Override})
 * @param path the path, e.g. {@code /repos/acme/manifests/pulls}
 * @param query the raw query string, or "" when there was none
 * @param status the status the fake answered
 * @param body the request body as text ("" when empty)
 */
public record RecordedRequest(String method, String path, String query, int status, String body) {

    /** "METHOD path" (with "?query" when there is one), handy in assertions. */
    public String line() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query);
    }
}
