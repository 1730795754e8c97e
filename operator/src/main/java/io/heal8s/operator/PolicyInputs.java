package io.heal8s.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.action.Quantity;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.ParamSpec;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.policy.PolicyInput;
import io.heal8s.engine.remediation.AlertInfo;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationSpec;
import io.heal8s.engine.rules.RemediationRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the approval policy's {@link PolicyInput} from a Remediation, its resolved workload, the change computed
 * against the live workload and the workload's other recent Remediations. Pure: values in, a value out, so the input
 * the policy sees is tested without a cluster.
 */
final class PolicyInputs {

    /** The parameters that cap an action's new value. */
    static final List<String> CAP_PARAMS = List.of("max", "maxReplicas");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyInputs() {
    }

    /**
     * @param history the workload's other Remediations of the last day (not this one's)
     * @param now the reconciler's clock; the last hour and day count back from it
     */
    static PolicyInput of(Remediation remediation, ResolvedWorkload workload, ActionResult result,
            List<RemediationRecord> history, Instant now) {
        RemediationSpec spec = remediation.getSpec();
        Map<String, String> params = spec.getAction() == null || spec.getAction().getParams() == null ? Map.of()
                : spec.getAction().getParams();
        String cap = cap(result.action(), params);
        List<PolicyInput.Change> changes = result.changes().stream().map(c -> change(c, cap)).toList();
        String playbook = spec.getPlaybook() == null ? null : spec.getPlaybook().getName();
        PolicyInput.Decision decision = new PolicyInput.Decision(playbook == null ? "" : playbook,
                result.action().name(), params, changes);
        WorkloadRef w = workload.workload();
        PolicyInput.Target target = new PolicyInput.Target(w.kind().name(), w.namespace(), w.name(),
                w.container().isEmpty() ? null : w.container());
        String environment = spec.getStrategy() == null ? null : spec.getStrategy().getEnvironment();
        return new PolicyInput(alert(spec.getAlert()), decision, target, environment, history(history, now), now);
    }

    static PolicyInput.Alert alert(AlertInfo alert) {
        if (alert == null) {
            return new PolicyInput.Alert(null, null, null, Map.of(), null);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Instant startsAt = null;
        JsonNode payload = payload(alert.getPayload());
        if (payload != null) {
            JsonNode l = payload.get("labels");
            if (l != null && l.isObject()) {
                l.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().isTextual()
                        ? e.getValue().textValue() : e.getValue().toString()));
            }
            JsonNode s = payload.get("startsAt");
            if (s != null && s.isTextual()) {
                try {
                    startsAt = Instant.parse(s.textValue());
                } catch (DateTimeParseException e) {
                    startsAt = null;
                }
            }
        }
        return new PolicyInput.Alert(alert.getName(), alert.getSeverity(), alert.getFingerprint(), labels, startsAt);
    }

    /**
     * One change: {@code ratio} is new/old when both are quantities (integers included) and old is not zero;
     * {@code withinCap} is new ≤ cap when both parse, false when a cap exists but cannot be compared (never claim a
     * bound that was not checked), true when the action has no cap.
     */
    static PolicyInput.Change change(FieldChange c, String cap) {
        Optional<BigDecimal> oldValue = amount(c.oldValue());
        Optional<BigDecimal> newValue = amount(c.newValue());
        Double ratio = oldValue.isPresent() && newValue.isPresent() && oldValue.get().signum() != 0
                ? newValue.get().divide(oldValue.get(), MathContext.DECIMAL64).doubleValue() : null;
        boolean withinCap;
        if (cap == null) {
            withinCap = true;
        } else {
            Optional<BigDecimal> max = amount(cap);
            withinCap = max.isPresent() && newValue.isPresent() && newValue.get().compareTo(max.get()) <= 0;
        }
        return new PolicyInput.Change(c.path(), c.oldValue(), c.newValue(), ratio, withinCap);
    }

    static PolicyInput.History history(List<RemediationRecord> records, Instant now) {
        Instant hourAgo = now.minus(Duration.ofHours(1));
        Instant dayAgo = now.minus(Duration.ofDays(1));
        int lastHour = (int) records.stream().filter(r -> !r.at().isBefore(hourAgo)).count();
        int lastDay = (int) records.stream().filter(r -> !r.at().isBefore(dayAgo)).count();
        String lastOutcome = records.stream().max(Comparator.comparing(RemediationRecord::at))
                .map(RemediationRecord::outcome).orElse(null);
        return new PolicyInput.History(lastHour, lastDay, lastOutcome);
    }

    /** The action's cap: the Remediation's {@code max} or {@code maxReplicas}, else the action's default; else null. */
    static String cap(ActionType action, Map<String, String> params) {
        for (String name : CAP_PARAMS) {
            if (params.get(name) != null) {
                return params.get(name);
            }
            Optional<ParamSpec> spec = action.param(name);
            if (spec.isPresent() && spec.get().defaultValue() != null) {
                return String.valueOf(spec.get().defaultValue());
            }
        }
        return null;
    }

    private static Optional<BigDecimal> amount(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.parse(text.trim()).amount());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static JsonNode payload(String payload) {
        if (payload == null || payload.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(payload);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            // A malformed payload only costs the policy the labels; the Remediation is still worth deciding.
            return null;
        }
    }
}
