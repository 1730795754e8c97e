package io.heal8s.engine.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the approval policy sees about one remediation: the alert, the decided action and its changes, the target,
 * the environment, the target's recent history and the time. {@link #toJson()} writes the contract's JSON (documented
 * in {@code policies/README.md}) field by field, so the Rego and this class cannot drift apart silently.
 *
 * @param alert the alert that started the remediation
 * @param decision the playbook's decision
 * @param target the workload to change
 * @param environment the Remediation's {@code spec.strategy.environment}; empty when not set
 * @param history the target's recent remediations
 * @param time when the policy is asked
 */
public record PolicyInput(Alert alert, Decision decision, Target target, String environment, History history,
        Instant time) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PolicyInput {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(time, "time");
        environment = environment == null ? "" : environment;
    }

    /**
     * The alert.
     *
     * @param labels kept in the given order
     * @param startsAt when the alert started; null when unknown
     */
    public record Alert(String name, String severity, String fingerprint, Map<String, String> labels,
            Instant startsAt) {
        public Alert {
            labels = ordered(labels);
        }
    }

    /**
     * The playbook's decision.
     *
     * @param params the action's parameters as written in the playbook, in the given order
     * @param changes each field the action changes
     */
    public record Decision(String playbook, String action, Map<String, String> params, List<Change> changes) {
        public Decision {
            params = ordered(params);
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }

    /**
     * One changed field.
     *
     * @param field the manifest path, such as {@code spec.template.spec.containers[checkout].resources.limits.memory}
     * @param ratio new/old for numeric values (quantities, replicas); null when not numeric, such as an image
     * @param withinCap whether the new value stays under the action's cap; true when the action has no cap
     */
    public record Change(String field, String old, String newValue, Double ratio, boolean withinCap) {
    }

    /** The workload; {@code container} is null for actions on the whole workload. */
    public record Target(String kind, String namespace, String name, String container) {
    }

    /**
     * The target's recent remediations.
     *
     * @param lastOutcome the final phase of the target's most recent Remediation; null when it has none
     */
    public record History(int lastHour, int lastDay, String lastOutcome) {
    }

    /** The contract's JSON object, fields in the documented order. */
    public ObjectNode toJsonNode() {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode a = root.putObject("alert");
        a.put("name", alert.name());
        a.put("severity", alert.severity());
        a.put("fingerprint", alert.fingerprint());
        ObjectNode labels = a.putObject("labels");
        alert.labels().forEach(labels::put);
        a.put("startsAt", alert.startsAt() == null ? null : alert.startsAt().toString());

        ObjectNode d = root.putObject("decision");
        d.put("playbook", decision.playbook());
        d.put("action", decision.action());
        ObjectNode params = d.putObject("params");
        decision.params().forEach(params::put);
        ArrayNode changes = d.putArray("changes");
        for (Change change : decision.changes()) {
            ObjectNode c = changes.addObject();
            c.put("field", change.field());
            c.put("old", change.old());
            c.put("new", change.newValue());
            c.put("ratio", change.ratio());
            c.put("withinCap", change.withinCap());
        }

        ObjectNode t = root.putObject("target");
        t.put("kind", target.kind());
        t.put("namespace", target.namespace());
        t.put("name", target.name());
        t.put("container", target.container());

        root.put("environment", environment);
        ObjectNode h = root.putObject("history");
        h.put("lastHour", history.lastHour());
        h.put("lastDay", history.lastDay());
        h.put("lastOutcome", history.lastOutcome());
        // Instant.toString is RFC 3339 in UTC (ISO-8601 with Z), with fractions only when there are some.
        root.put("time", time.toString());
        return root;
    }

    /** The contract's JSON as compact text. */
    public String toJson() {
        return toJsonNode().toString();
    }

    /** {@code {"input": <this>}}, the body of OPA's Data API. */
    JsonNode asOpaRequest() {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("input", toJsonNode());
        return body;
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
