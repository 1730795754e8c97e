package io.heal8s.engine.rules;

import io.heal8s.engine.playbook.ActionType;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a guard refused the change the best blocked playbook would have made, in the terms a Remediation's status
 * records: the rail (the {@link Block}'s guard name), a CamelCase reason naming it, and the guard's own explanation.
 *
 * @param rail the guard that blocked: {@code cooldown}, {@code max-attempts}, {@code loop} or a user guard's name
 * @param reason {@code Cooldown}, {@code MaxAttempts}, {@code SuspectedLeak} (loop of IncreaseMemory),
 *     {@code SuspectedLoop} (loop of any other action), or {@code Guarded} for a user guard
 * @param message one sentence for people, the Block's reason
 */
public record Refusal(String rail, String reason, String message) {

    private static final Pattern ACRONYM_END = Pattern.compile("([A-Z]+)([A-Z][a-z])");
    private static final Pattern WORD_START = Pattern.compile("([a-z0-9])([A-Z])");

    public static final String COOLDOWN = "Cooldown";
    public static final String MAX_ATTEMPTS = "MaxAttempts";
    public static final String SUSPECTED_LEAK = "SuspectedLeak";
    public static final String SUSPECTED_LOOP = "SuspectedLoop";
    public static final String GUARDED = "Guarded";

    public Refusal {
        Objects.requireNonNull(rail, "rail");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** The refusal a block of a candidate proposing {@code action} stands for. */
    static Refusal of(Block block, ActionType action) {
        String reason = switch (block.guard()) {
            case Block.COOLDOWN -> COOLDOWN;
            case Block.MAX_ATTEMPTS -> MAX_ATTEMPTS;
            case Block.LOOP -> action == ActionType.IncreaseMemory ? SUSPECTED_LEAK : SUSPECTED_LOOP;
            default -> GUARDED;
        };
        return new Refusal(block.guard(), reason, block.reason());
    }

    /**
     * Which block of one candidate a refusal reports: the one that says the most. A loop says more than an attempt
     * limit (which a loop always reaches too with the defaults), which says more than a cooldown; user guards last.
     */
    static int precedence(Block block) {
        return switch (block.guard()) {
            case Block.LOOP -> 0;
            case Block.MAX_ATTEMPTS -> 1;
            case Block.COOLDOWN -> 2;
            default -> 3;
        };
    }

    /** The reason in snake_case, as metric labels spell it: {@code SuspectedLeak} gives {@code suspected_leak}. */
    public String metricReason() {
        return snakeCase(reason);
    }

    /**
     * A CamelCase status reason as metric labels spell reasons, the webhook's and the operator's alike:
     * {@code RateLimited} gives {@code rate_limited}, {@code PRCreated} gives {@code pr_created}.
     */
    public static String snakeCase(String reason) {
        String split = ACRONYM_END.matcher(reason).replaceAll("$1_$2");
        return WORD_START.matcher(split).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }
}
