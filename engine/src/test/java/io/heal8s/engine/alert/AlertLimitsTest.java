package io.heal8s.engine.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class AlertLimitsTest {

    @Test
    void defaultsAreTheDocumentedFigures() {
        AlertLimits limits = AlertLimits.DEFAULT;

        assertThat(limits.maxPayloadBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(limits.maxAlerts()).isEqualTo(1000);
        assertThat(limits.maxNestingDepth()).isEqualTo(8);
        assertThat(limits.maxStringLength()).isEqualTo(64 * 1024);
        assertThat(limits.maxLabelNameLength()).isEqualTo(256);
        assertThat(limits.maxLabelValueBytes()).isEqualTo(4096);
        assertThat(limits.maxLabelsPerAlert()).isEqualTo(128);
    }

    @Test
    void withersChangeOneFigureOnly() {
        AlertLimits raised = AlertLimits.DEFAULT.withMaxAlerts(10_000);

        assertThat(raised.maxAlerts()).isEqualTo(10_000);
        assertThat(raised.withMaxAlerts(1000)).isEqualTo(AlertLimits.DEFAULT);
    }

    @Test
    void nonPositiveLimitIsRefusedNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> AlertLimits.DEFAULT.withMaxAlerts(0))
                .withMessage("AlertLimits.maxAlerts must be between 1 and 2147483647, got 0");
    }

    @Test
    void nestingDepthBelowTheWireFormatsOwnIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> AlertLimits.DEFAULT.withMaxNestingDepth(3))
                .withMessageContaining("maxNestingDepth");
    }

    @Test
    void smallestNestingDepthStillParsesARealPayload() {
        AlertParser tight = new AlertParser(AlertLimits.DEFAULT.withMaxNestingDepth(AlertLimits.MIN_NESTING_DEPTH));

        assertThat(tight.parse(Payloads.sample(Payloads.GROUPED_FIRING)).alerts()).hasSize(2);
    }

    @Test
    void payloadLimitLeavesRoomForTheExtraByteThatDetectsOverflow() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AlertLimits.DEFAULT.withMaxPayloadBytes(Integer.MAX_VALUE));
    }
}
