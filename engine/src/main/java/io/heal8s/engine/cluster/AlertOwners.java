package io.heal8s.engine.cluster;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.TargetSpec;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.RemediationNames;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gives an alert that names only a pod the label of the workload that owns it. Pod-level alerts (OOMKilled,
 * CrashLooping) name a pod, whose name changes with every rollout; guards (cooldowns, attempt limits, loop detection)
 * must count remediations of the owning Deployment, StatefulSet or DaemonSet instead, or every new pod would start
 * with a clean history. With the owner's label added, {@link TargetSpec#DEFAULT} picks the workload before the pod.
 */
public final class AlertOwners {

    private AlertOwners() {
    }

    /**
     * The pod an alert names through the default labels ({@code namespace}, {@code pod}, {@code container}), when it
     * names a pod and no workload: the one case owner resolution can improve.
     */
    public static Optional<WorkloadRef> podOnly(Alert alert) {
        TargetSpec labels = TargetSpec.DEFAULT;
        String namespace = alert.label(labels.namespaceLabel());
        String pod = alert.label(labels.podLabel());
        if (namespace.isEmpty() || pod.isEmpty()
                || !alert.label(labels.deploymentLabel()).isEmpty()
                || !alert.label(labels.statefulsetLabel()).isEmpty()
                || !alert.label(labels.daemonsetLabel()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WorkloadRef(WorkloadKind.Pod, namespace, pod, alert.label(labels.containerLabel())));
    }

    /**
     * The alert with the owner's default label ({@code deployment}, {@code statefulset} or {@code daemonset}) added;
     * the alert itself when the owner is not one of those kinds (an unowned pod resolves to itself) or is in another
     * namespace. Every other field is kept, and the fingerprint stays the one of the labels Alertmanager sent
     * (computed from them when the alert carries none), so that its resolution still finds the Remediation.
     */
    public static Alert withOwner(Alert alert, WorkloadRef owner) {
        TargetSpec labels = TargetSpec.DEFAULT;
        String label = switch (owner.kind()) {
            case Deployment -> labels.deploymentLabel();
            case StatefulSet -> labels.statefulsetLabel();
            case DaemonSet -> labels.daemonsetLabel();
            default -> null;
        };
        if (label == null || !owner.namespace().equals(alert.label(labels.namespaceLabel()))
                || owner.name().equals(alert.label(label))) {
            return alert;
        }
        Map<String, String> enriched = new HashMap<>(alert.labels());
        enriched.put(label, owner.name());
        return new Alert(alert.status(), enriched, alert.annotations(), alert.startsAt(), alert.endsAt(),
                alert.generatorURL(), alert.fingerprint().isEmpty()
                        ? RemediationNames.fingerprintOf(alert.labels()) : alert.fingerprint());
    }
}
