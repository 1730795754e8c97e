package io.heal8s.engine.playbook;

import java.time.Duration;
import java.util.Objects;

/**
 * The mode a playbook proposes; the approval policy has the last word.
 *
 * @param ttl how long a remediation may wait (for review, for example) before it expires
 */
public record Strategy(Mode mode, boolean requireApproval, Duration ttl) {

    /** GitOps opens a pull request for review; Direct patches the cluster. */
    public enum Mode {
        GitOps,
        Direct
    }

    public static final Strategy DEFAULT = new Strategy(Mode.GitOps, true, Duration.ofHours(24));

    public Strategy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ttl, "ttl");
    }
}
