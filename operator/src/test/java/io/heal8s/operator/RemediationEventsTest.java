package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemediationEventsTest {

    @Test
    void anEventsNameIsTheSameForTheSameStatusAndDiffersOtherwise() {
        String name = RemediationEvents.name("oom-increase-memory-3f9a1c0b7e", "Analyzing", "AwaitingExecutor", "m");

        assertThat(name).matches("oom-increase-memory-3f9a1c0b7e\\.analyzing\\.[0-9a-f]{10}");
        assertThat(RemediationEvents.name("oom-increase-memory-3f9a1c0b7e", "Analyzing", "AwaitingExecutor", "m"))
                .isEqualTo(name);
        assertThat(RemediationEvents.name("oom-increase-memory-3f9a1c0b7e", "Analyzing", "Analyzing", "m"))
                .isNotEqualTo(name);
        assertThat(RemediationEvents.name("oom-increase-memory-3f9a1c0b7e", "Analyzing", "AwaitingExecutor", "n"))
                .isNotEqualTo(name);
    }

    @Test
    void aLongNameIsCutToTheLimit() {
        assertThat(RemediationEvents.name("a".repeat(300), "PRCreated", "PRCreated", "")).hasSize(253)
                .matches("a+\\.prcreated\\.[0-9a-f]{10}");
    }
}
