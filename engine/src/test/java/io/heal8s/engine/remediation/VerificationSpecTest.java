package io.heal8s.engine.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.Verify;
import io.heal8s.engine.rules.Decision;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The playbook's {@code verify:} section reaches {@code spec.verification} of the Remediation it proposes. */
class VerificationSpecTest {

    @Test
    void theWinningPlaybooksVerifySectionIsCopiedIntoTheSpec() {
        Alert alert = RemediationFactoryTest.oomAlert(Map.of(), "8d2c6b1f0a9e7c35");
        Decision d = RemediationFactoryTest.decision(alert, "oom-increase-memory", RemediationFactoryTest.CART, null);
        Decision withVerify = new Decision(d.outcome(), d.alert(), d.playbook(), d.action(), d.params(), d.target(),
                d.strategy(), d.gitops(), d.reason(), d.trace(), new Verify(Duration.ofMinutes(20),
                        "up{job=\"cart\"} == 1", Duration.ofMinutes(1), 2));

        VerificationSpec spec = RemediationFactory.from(withVerify, alert, RemediationFactoryTest.NOW).getSpec()
                .getVerification();

        assertThat(spec.getWindow()).isEqualTo("20m");
        assertThat(spec.getPromql()).isEqualTo("up{job=\"cart\"} == 1");
        assertThat(spec.getInterval()).isEqualTo("1m");
        assertThat(spec.getSuccesses()).isEqualTo(2);
    }

    @Test
    void theDefaultSectionLeavesTheWindowToTheServer() {
        VerificationSpec spec = VerificationSpec.of(Verify.DEFAULT);

        assertThat(spec.getWindow()).isNull();
        assertThat(spec.getPromql()).isNull();
        assertThat(spec.getInterval()).isEqualTo("30s");
        assertThat(spec.getSuccesses()).isEqualTo(1);
    }
}
