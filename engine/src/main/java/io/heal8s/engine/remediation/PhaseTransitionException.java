package io.heal8s.engine.remediation;

/** A phase change the lifecycle forbids, such as Succeeded → Applying; it names both phases and the resource. */
public final class PhaseTransitionException extends IllegalStateException {

    private final RemediationPhase from;
    private final RemediationPhase to;

    public PhaseTransitionException(RemediationPhase from, RemediationPhase to) {
        super("a Remediation cannot move from " + (from == null ? "no phase" : from) + " to " + to
                + (from == null ? "; it starts in Pending or Failed" : from.isTerminal()
                        ? "; " + from + " is final" : "; from " + from + " it may move to " + from.next()));
        this.from = from;
        this.to = to;
    }

    /** The current phase; null for a Remediation that has none yet. */
    public RemediationPhase from() {
        return from;
    }

    public RemediationPhase to() {
        return to;
    }
}
