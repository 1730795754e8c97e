package io.heal8s.server.github;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heal8s.engine.gitops.PullRequestContent;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The few fields of a GitHub {@code pull_request} event that the webhook uses. Only a trigger: the operator asks
 * GitHub for the pull request's state itself, so nothing here is taken as the state.
 *
 * @param action {@code opened}, {@code closed}, {@code reopened}, {@code edited}, {@code synchronize}, ...
 * @param number the pull request's number
 * @param body the pull request's description (empty when it has none), where heal8s' marker is
 * @param repository {@code owner/name}, empty when the payload does not say
 */
public record PullRequestEvent(String action, long number, String body, String repository) {

    /** The actions that may change what the operator does with a pull request; others are ignored. */
    public static final Set<String> FOLLOWED = Set.of("closed", "reopened", "edited", "synchronize");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads the event from the payload's bytes.
     *
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    public static PullRequestEvent parse(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("$: not a JSON document");
        } catch (IOException e) {
            throw new IllegalArgumentException("$: unreadable");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("$: not a JSON object");
        }
        JsonNode action = root.path("action");
        if (!action.isTextual() || action.asText().isEmpty()) {
            throw new IllegalArgumentException("$.action: missing or not a string");
        }
        JsonNode pr = root.path("pull_request");
        if (!pr.isObject()) {
            throw new IllegalArgumentException("$.pull_request: missing or not an object");
        }
        JsonNode number = pr.path("number");
        if (!number.canConvertToLong() || !number.isIntegralNumber() || number.asLong() < 1) {
            throw new IllegalArgumentException("$.pull_request.number: missing or not a positive integer");
        }
        JsonNode body = pr.path("body");
        if (!body.isMissingNode() && !body.isNull() && !body.isTextual()) {
            throw new IllegalArgumentException("$.pull_request.body: not a string");
        }
        JsonNode repository = root.path("repository").path("full_name");
        return new PullRequestEvent(action.asText(), number.asLong(), body.isTextual() ? body.asText() : "",
                repository.isTextual() ? repository.asText() : "");
    }

    /** Whether the action is one the operator should hear of. */
    public boolean followed() {
        return FOLLOWED.contains(action);
    }

    /** The Remediation ({@code namespace/name}) the body's heal8s marker names. */
    public Optional<String> remediation() {
        return PullRequestContent.remediationOf(body);
    }
}
