package io.heal8s.engine.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The approval policy's answer: the mode, whether a human must approve, and the reasons to show in the Remediation's
 * status. {@link #source} says which engine answered and {@link #failSafe} whether this is the safe default standing in
 * for a policy that could not answer. {@link #parse} accepts only the contract's shape, so a typo in a policy can never
 * be read as Direct.
 *
 * @param mode GitOps, Direct or Deny
 * @param requireApproval whether the change waits for a human
 * @param reasons one sentence or more, never empty
 * @param source the engine that decided: {@code opa-rest}, {@code opa-wasm} or {@code fail-safe}
 * @param failSafe true when no policy answered and the safe default was taken
 */
public record PolicyDecision(PolicyMode mode, boolean requireApproval, List<String> reasons, String source,
        boolean failSafe) {

    /** The {@link #source} of decisions made without a policy's answer. */
    public static final String FAIL_SAFE_SOURCE = "fail-safe";

    public PolicyDecision {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a decision needs at least one reason");
        }
    }

    /** The safe default: GitOps with approval, for the given reason, marked as fail-safe. */
    public static PolicyDecision failSafe(String reason) {
        return new PolicyDecision(PolicyMode.GitOps, true, List.of(reason), FAIL_SAFE_SOURCE, true);
    }

    /**
     * Reads a policy's result strictly: an object with {@code mode} (exactly {@code GitOps}, {@code Direct} or
     * {@code Deny}), {@code requireApproval} (a boolean) and {@code reasons} (a non-empty array of non-blank strings).
     * Other fields are ignored so a policy may add its own.
     *
     * @param result the value of OPA's {@code result}; null or missing means the decision was undefined
     * @param source the engine that produced it, kept in {@link #source}
     * @throws PolicyException naming the field that is missing or wrong
     */
    public static PolicyDecision parse(JsonNode result, String source) throws PolicyException {
        if (result == null || result.isMissingNode()) {
            throw new PolicyException("the policy decision is undefined (no result)");
        }
        if (!result.isObject()) {
            throw new PolicyException("the policy result must be an object with mode, requireApproval and reasons, "
                    + "not " + describe(result));
        }
        JsonNode modeNode = result.get("mode");
        if (modeNode == null || modeNode.isNull()) {
            throw new PolicyException("the policy result has no 'mode'");
        }
        if (!modeNode.isTextual()) {
            throw new PolicyException("'mode' must be a string (GitOps, Direct or Deny), not " + describe(modeNode));
        }
        PolicyMode mode = null;
        for (PolicyMode candidate : PolicyMode.values()) {
            if (candidate.name().equals(modeNode.textValue())) {
                mode = candidate;
            }
        }
        if (mode == null) {
            throw new PolicyException("'mode' is '" + abbreviate(modeNode.textValue())
                    + "': expected GitOps, Direct or Deny");
        }
        JsonNode approval = result.get("requireApproval");
        if (approval == null || approval.isNull()) {
            throw new PolicyException("the policy result has no 'requireApproval'");
        }
        if (!approval.isBoolean()) {
            throw new PolicyException("'requireApproval' must be true or false, not " + describe(approval));
        }
        JsonNode reasonsNode = result.get("reasons");
        if (reasonsNode == null || reasonsNode.isNull()) {
            throw new PolicyException("the policy result has no 'reasons'");
        }
        if (!reasonsNode.isArray()) {
            throw new PolicyException("'reasons' must be an array of strings, not " + describe(reasonsNode));
        }
        if (reasonsNode.isEmpty()) {
            throw new PolicyException("'reasons' is empty: a decision must say why");
        }
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < reasonsNode.size(); i++) {
            JsonNode reason = reasonsNode.get(i);
            if (!reason.isTextual() || reason.textValue().isBlank()) {
                throw new PolicyException("'reasons[" + i + "]' must be a non-blank string, not " + describe(reason));
            }
            reasons.add(reason.textValue());
        }
        return new PolicyDecision(mode, approval.booleanValue(), reasons, source, false);
    }

    /** {@link #parse(JsonNode, String)} with the source {@code policy}, for callers that set it later. */
    public static PolicyDecision parse(JsonNode result) throws PolicyException {
        return parse(result, "policy");
    }

    /** This decision as answered by another source. */
    public PolicyDecision withSource(String newSource) {
        return new PolicyDecision(mode, requireApproval, reasons, newSource, failSafe);
    }

    private static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return type + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
