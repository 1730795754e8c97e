package io.heal8s.operator;

import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every transition, as {@code name: from -> to (reason)}. */
final class RecordingListener implements TransitionListener {

    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onTransition(Remediation remediation, RemediationPhase from, RemediationPhase to, String reason) {
        seen.add(remediation.getMetadata().getName() + ": " + from + " -> " + to + " (" + reason + ")");
    }

    List<String> of(String name) {
        return seen.stream().filter(s -> s.startsWith(name + ": ")).toList();
    }
}
