package io.heal8s.engine.policy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The contract's example input, as JSON text (copied from the contract) and as a {@link PolicyInput}. */
final class ContractExample {

    static final String INPUT_JSON = """
            {
              "alert": {"name": "KubePodOOMKilled", "severity": "critical", "fingerprint": "5f1c0ab3e2d94c71",
                        "labels": {"namespace": "shop", "pod": "checkout-7d9f8b6c5d-9wzmr"},
                        "startsAt": "2026-11-26T09:58:00Z"},
              "decision": {"playbook": "oom-increase-memory", "action": "IncreaseMemory",
                           "params": {"percent": "25", "max": "2Gi"},
                           "changes": [{"field": "spec.template.spec.containers[checkout].resources.limits.memory",
                                        "old": "512Mi", "new": "640Mi", "ratio": 1.25, "withinCap": true}]},
              "target": {"kind": "Deployment", "namespace": "shop", "name": "checkout", "container": "checkout"},
              "environment": "prod",
              "history": {"lastHour": 0, "lastDay": 1, "lastOutcome": "Succeeded"},
              "time": "2026-11-26T10:00:00Z"
            }
            """;

    static final String GITOPS_DECISION =
            "{\"mode\": \"GitOps\", \"requireApproval\": true, \"reasons\": [\"production changes go through review\"]}";

    private ContractExample() {
    }

    static PolicyInput input() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("namespace", "shop");
        labels.put("pod", "checkout-7d9f8b6c5d-9wzmr");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("percent", "25");
        params.put("max", "2Gi");
        return new PolicyInput(
                new PolicyInput.Alert("KubePodOOMKilled", "critical", "5f1c0ab3e2d94c71", labels,
                        Instant.parse("2026-11-26T09:58:00Z")),
                new PolicyInput.Decision("oom-increase-memory", "IncreaseMemory", params, List.of(
                        new PolicyInput.Change("spec.template.spec.containers[checkout].resources.limits.memory",
                                "512Mi", "640Mi", 1.25, true))),
                new PolicyInput.Target("Deployment", "shop", "checkout", "checkout"),
                "prod",
                new PolicyInput.History(0, 1, "Succeeded"),
                Instant.parse("2026-11-26T10:00:00Z"));
    }
}
