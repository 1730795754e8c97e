package io.heal8s.operator;

import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which half of heal8s a process runs ({@value #KEY}), so that the GitHub credentials and the right to patch workloads
 * never sit in the same pod when the chart's {@code mode: split} runs two Deployments. The {@link #OPERATOR} decides and
 * runs Direct changes, and hands a Remediation whose approved mode is GitOps over by leaving it in Analyzing with reason
 * {@value RemediationReconciler#REASON_AWAITING_GITOPS_WORKER}; the {@link #GITOPS_WORKER} takes only such handed-over
 * Remediations and publishes, follows and verifies their pull requests. {@link #COMBINED} is both in one process.
 */
public enum Role {

    /** Both halves in one process (the default, for small installations). */
    COMBINED("combined"),
    /** Alertmanager's webhook, the decision, the safety rails and the Direct executor; no GitOps executor. */
    OPERATOR("operator"),
    /** The GitOps executor and GitHub's webhook, for Remediations the operator handed over. */
    GITOPS_WORKER("gitops-worker");

    /** The MicroProfile Config key ({@code HEAL8S_ROLE} in the environment). */
    public static final String KEY = "heal8s.role";

    private final String value;

    Role(String value) {
        this.value = value;
    }

    /** The value as written in {@value #KEY}. */
    public String value() {
        return value;
    }

    /**
     * The role named by {@code text}; {@link #COMBINED} when it is null or blank.
     *
     * @throws IllegalArgumentException naming {@value #KEY} and the allowed values when {@code text} is none of them
     */
    public static Role parse(String text) {
        if (text == null || text.isBlank()) {
            return COMBINED;
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.value.equals(wanted)) {
                return role;
            }
        }
        throw new IllegalArgumentException(KEY + " must be one of " + allowed() + ", was '" + text.trim() + "'");
    }

    /** The allowed values, comma-separated. */
    public static String allowed() {
        return Arrays.stream(values()).map(Role::value).collect(Collectors.joining(", "));
    }

    /** Whether this role runs the executor of {@code mode}. */
    public boolean executes(Strategy.Mode mode) {
        return switch (this) {
            case COMBINED -> true;
            case OPERATOR -> mode != Strategy.Mode.GitOps;
            case GITOPS_WORKER -> mode == Strategy.Mode.GitOps;
        };
    }

    /** Whether this role serves Alertmanager's webhook (the worker leaves it to the operator). */
    public boolean receivesAlerts() {
        return this != GITOPS_WORKER;
    }

    /** Whether this role serves GitHub's webhook (the operator holds no GitHub credentials). */
    public boolean receivesGitHubEvents() {
        return this != OPERATOR;
    }

    /** Whether this role's reconciler looks at {@code r} at all (terminal ones aside, which nobody touches). */
    boolean reconciles(Remediation r) {
        return switch (this) {
            case COMBINED -> true;
            case OPERATOR -> !handedOver(r);
            case GITOPS_WORKER -> handedOver(r);
        };
    }

    /**
     * Whether the operator handed {@code r} to the GitOps worker: the approval policy chose GitOps and it waits in
     * Analyzing for the worker, or the worker already took it (PRCreated, Applying).
     */
    static boolean handedOver(Remediation r) {
        RemediationStatus s = r.getStatus();
        if (s == null || s.getApproval() == null || !Strategy.Mode.GitOps.name().equals(s.getApproval().getMode())) {
            return false;
        }
        RemediationPhase phase = s.getPhase();
        return phase == RemediationPhase.PRCreated || phase == RemediationPhase.Applying
                || (phase == RemediationPhase.Analyzing
                        && RemediationReconciler.REASON_AWAITING_GITOPS_WORKER.equals(s.getReason()));
    }
}
