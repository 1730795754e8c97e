package io.heal8s.engine.playbook;

import java.util.Locale;

/** The kinds of workload heal8s can act on, spelled as Kubernetes spells them. */
public enum WorkloadKind {
    Deployment,
    StatefulSet,
    DaemonSet,
    Pod,
    PersistentVolumeClaim;

    /** Case-insensitive lookup; null when the text names no kind. */
    public static WorkloadKind parse(String text) {
        if (text == null) {
            return null;
        }
        for (WorkloadKind k : values()) {
            if (k.name().toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }
}
