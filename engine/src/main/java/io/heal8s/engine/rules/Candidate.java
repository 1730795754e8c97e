package io.heal8s.engine.rules;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.playbook.ParamSpec;
import io.heal8s.engine.playbook.ParamType;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.TargetSpec;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One playbook that matched the alert under decision, as a fact the later phases work on: its resolved target,
 * its parameters (mutable through {@link #setParam}) and its explanations. Blocking is a separate {@link Block}
 * fact, so nothing a rule matches on ever changes and rules need no {@code modify}.
 */
public final class Candidate {

    private final DecisionContext ctx;
    private final int rank;
    private final Playbook playbook;
    private final AlertFact alert;
    private final ActionType action;
    private final WorkloadRef target;
    private final String targetKey;
    private final boolean targetUsable;
    private final Instant cooldownSince;
    private final Instant windowSince;
    private final Instant loopSince;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final List<String> explanations = new ArrayList<>(4);
    private final List<Block> blocks = new ArrayList<>(2);

    /**
     * Called by the generated playbook rules with the playbook's number; the target is resolved here, once, from the
     * alert's labels.
     */
    public Candidate(DecisionContext ctx, AlertFact alert, int playbookIndex) {
        PlaybookEntry entry = alert.playbook(playbookIndex);
        this.ctx = ctx;
        this.rank = entry.rank();
        this.playbook = entry.playbook();
        this.alert = alert;
        this.action = this.playbook.action().type();
        this.target = this.playbook.target().resolve(alert.getAlert()).orElse(null);
        // Cached: the guards join on it for every history record.
        this.targetKey = target == null ? null : target.key();
        this.targetUsable = target != null && action.targets().contains(target.kind());
        // Precomputed so the guard rules compare instants instead of doing arithmetic per join.
        Instant now = ctx.now();
        this.cooldownSince = now.minus(this.playbook.guards().cooldown());
        this.windowSince = now.minus(this.playbook.guards().window());
        this.loopSince = now.minus(this.playbook.guards().loopWindow());
        ctx.candidateCreated(this);
        explain("alert " + alert.getName() + " matches playbook " + this.playbook.name()
                + " (priority " + this.playbook.priority() + ", action " + action + ")");
    }

    public Playbook getPlaybook() {
        return playbook;
    }

    public String getPlaybookName() {
        return playbook.name();
    }

    public int getPriority() {
        return playbook.priority();
    }

    /** The playbook's place in selection order: lower wins (priority descending, then name ascending). */
    public int getRank() {
        return rank;
    }

    public AlertFact getAlert() {
        return alert;
    }

    public String getAlertName() {
        return alert.getName();
    }

    public String getSeverity() {
        return alert.getSeverity();
    }

    /** The alert's labels, for DRL map access such as {@code labels["heal8s_freeze"] == "true"}. */
    public Map<String, String> getLabels() {
        return alert.getLabels();
    }

    public ActionType getAction() {
        return action;
    }

    /** The workload the alert names, or null when its labels name none. */
    public WorkloadRef getTarget() {
        return target;
    }

    /** The target's kind, or null without a target. */
    public WorkloadKind getTargetKind() {
        return target == null ? null : target.kind();
    }

    /** {@code namespace/Kind/name} (the guards' join key with {@link RemediationRecord}), or null without a target. */
    public String getTargetKey() {
        return targetKey;
    }

    /** Whether there is a target and the action can change its kind. */
    public boolean isTargetUsable() {
        return targetUsable;
    }

    /** Records at or before this instant are outside the playbook's cooldown. */
    public Instant getCooldownSince() {
        return cooldownSince;
    }

    /** Records at or before this instant are outside the playbook's attempt window. */
    public Instant getWindowSince() {
        return windowSince;
    }

    /** Records at or before this instant are outside the playbook's loop window. */
    public Instant getLoopSince() {
        return loopSince;
    }

    /** How many changes within the loop window make a loop; 0 means no loop check. */
    public int getLoopMaxChanges() {
        return playbook.guards().loopMaxChanges();
    }

    /** The playbook's attempt limit within its window; 0 or less means no limit. */
    public int getMaxAttempts() {
        return playbook.guards().maxAttempts();
    }

    /** A read-only view of the parameters computed so far. */
    public Map<String, Object> getParams() {
        return Collections.unmodifiableMap(params);
    }

    public Object param(String name) {
        return params.get(name);
    }

    /** The blocks inserted against this candidate, in order. */
    public List<Block> getBlocks() {
        return Collections.unmodifiableList(blocks);
    }

    public boolean isBlocked() {
        return !blocks.isEmpty();
    }

    public List<String> getExplanations() {
        return Collections.unmodifiableList(explanations);
    }

    /** Adds a line to this candidate's explanations and to the trace entry of the rule now firing. */
    public void explain(String message) {
        explanations.add(message);
        ctx.note(message);
    }

    /**
     * Copies the playbook's action parameters (already merged with the action's defaults by the loader), in the
     * action's declared order because {@code ActionSpec} keeps them unordered; the default params rule calls it.
     */
    public void useActionParams() {
        params.putAll(playbookParams());
        explain(action + " " + params);
    }

    /**
     * Sets one parameter from a params rule. The value is checked against the action's {@link ParamSpec} here, so a
     * mistyped user rule fails its decision loudly instead of reaching a manifest calculator. No {@code modify} is
     * needed or wanted: no rule re-evaluates on parameters, so params rules should not match on each other's values.
     *
     * @throws IllegalArgumentException for an unknown parameter or a value of the wrong type or range
     */
    public void setParam(String name, Object value) {
        ParamSpec spec = action.param(name).orElseThrow(() -> new IllegalArgumentException(
                action + " has no parameter '" + name + "'; it has " + action.params().stream()
                        .map(ParamSpec::name).collect(Collectors.joining(", "))));
        Object checked = checked(spec, value);
        Object old = params.put(name, checked);
        explain(name + " " + old + " -> " + checked);
    }

    private Object checked(ParamSpec spec, Object value) {
        String what = action + " parameter '" + spec.name() + "' (" + spec.type() + ")";
        if (value == null) {
            throw new IllegalArgumentException(what + " cannot be null");
        }
        switch (spec.type()) {
            case INTEGER:
            case PERCENT:
                if (!(value instanceof Integer || value instanceof Long || value instanceof Short)) {
                    throw new IllegalArgumentException(what + " needs a whole number, not " + value);
                }
                long n = ((Number) value).longValue();
                if (spec.type() == ParamType.PERCENT && (n < 1 || n > 1000)) {
                    throw new IllegalArgumentException(what + " must be from 1 to 1000, not " + n);
                }
                if (n != (int) n) {
                    throw new IllegalArgumentException(what + " is out of range: " + n);
                }
                return (int) n;
            case MEMORY:
            case CPU:
                if (!(value instanceof String) || ((String) value).isBlank()) {
                    throw new IllegalArgumentException(what + " needs a quantity such as \"512Mi\", not " + value);
                }
                return value;
            case DURATION:
                if (!(value instanceof Duration)) {
                    throw new IllegalArgumentException(what + " needs a java.time.Duration, not " + value);
                }
                return value;
            case BOOLEAN:
                if (!(value instanceof Boolean)) {
                    throw new IllegalArgumentException(what + " needs true or false, not " + value);
                }
                return value;
            case ENUM:
                if (!spec.allowed().contains(value)) {
                    throw new IllegalArgumentException(what + " must be one of " + spec.allowed() + ", not " + value);
                }
                return value;
            default:
                throw new IllegalStateException("unknown parameter type " + spec.type());
        }
    }

    /** Why {@code target:missing} dropped this candidate, naming the labels the playbook reads. */
    public String describeMissingTarget() {
        TargetSpec spec = playbook.target();
        Alert a = alert.getAlert();
        if (a.label(spec.namespaceLabel()).isEmpty()) {
            return "alert " + alert.getName() + " has no '" + spec.namespaceLabel()
                    + "' label, so playbook " + playbook.name() + " finds no workload";
        }
        if (spec.kind() != null) {
            return "alert " + alert.getName() + " has no '" + spec.labelFor(spec.kind()) + "' label naming the "
                    + spec.kind() + " playbook " + playbook.name() + " acts on";
        }
        return "alert " + alert.getName() + " has none of the labels '" + spec.deploymentLabel() + "', '"
                + spec.statefulsetLabel() + "', '" + spec.daemonsetLabel() + "', '" + spec.pvcLabel() + "', '"
                + spec.podLabel() + "', so playbook " + playbook.name() + " finds no workload";
    }

    /** Why {@code target:unsupported-kind} dropped this candidate. */
    public String describeUnsupportedKind() {
        return action + " (playbook " + playbook.name() + ") cannot act on " + target.kind() + " " + target.key()
                + "; it acts on " + action.targets().stream().map(Enum::name).sorted()
                        .collect(Collectors.joining(", "));
    }

    /** Why {@code guard:cooldown} blocked this candidate, given the latest record inside the cooldown. */
    public String describeCooldown(RemediationRecord last) {
        Duration cooldown = playbook.guards().cooldown();
        return "cooldown: " + last.action() + " on " + target.key() + " at " + last.at()
                + (last.playbook().isEmpty() ? "" : " (playbook " + last.playbook() + ")")
                + " is " + Durations.format(Duration.between(last.at(), ctx.now())) + " ago, within the "
                + Durations.format(cooldown) + " cooldown that ends at " + last.at().plus(cooldown);
    }

    /** Why {@code guard:max-attempts} blocked this candidate, given how many records the window holds. */
    public String describeMaxAttempts(long attempts) {
        return "max attempts: " + attempts + " " + action + " on " + target.key() + " within the last "
                + Durations.format(playbook.guards().window()) + " reach the limit of " + getMaxAttempts();
    }

    /**
     * Why {@code guard:loop} blocked this candidate, given how many changes the loop window holds: for memory a
     * suspected leak, for any other action a suspected loop; either way a person should look.
     */
    public String describeLoop(long changes) {
        String window = Durations.formatWithoutDays(playbook.guards().loopWindow());
        String where = target.kind() + " " + target.namespace() + "/" + target.name();
        if (action == ActionType.IncreaseMemory) {
            return "memory raised " + changes + " times in " + window + " on " + where
                    + ": this looks like a leak, not a sizing problem; a human should look";
        }
        return action + " applied " + changes + " times in " + window + " on " + where
                + ": this looks like a loop, not a fix; a human should look";
    }

    /**
     * The action's parameters as the playbook gives them, in the action's declared order, without touching this
     * candidate: what a refused candidate would have proposed (the params rules run only for open candidates).
     */
    Map<String, Object> playbookParams() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> given = playbook.action().params();
        for (ParamSpec spec : action.params()) {
            Object value = given.get(spec.name());
            if (value != null) {
                out.put(spec.name(), value);
            }
        }
        given.forEach(out::putIfAbsent);
        return out;
    }

    /** The selection note for this winner over another open candidate, saying whether priority or name decided. */
    public String describeWinOver(Candidate other) {
        if (other.getPriority() == getPriority()) {
            return playbook.name() + " won over " + other.getPlaybookName() + " (same priority " + getPriority()
                    + ", name order)";
        }
        return playbook.name() + " won over " + other.getPlaybookName() + " (priority " + getPriority() + " > "
                + other.getPriority() + ")";
    }

    void blocked(Block block) {
        blocks.add(block);
        explanations.add(block.reason());
    }

    @Override
    public String toString() {
        return "Candidate[" + playbook.name() + " " + action + " " + (target == null ? "no target" : target.key())
                + (blocks.isEmpty() ? "" : " blocked") + "]";
    }
}
