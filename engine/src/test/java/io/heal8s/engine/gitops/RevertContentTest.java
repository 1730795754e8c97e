package io.heal8s.engine.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.remediation.AlertInfo;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationSpec;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.RollbackRecord;
import io.heal8s.engine.remediation.TargetResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The revert pull request: values swapped, its own branch, a "Revert:" title and a body that says why, escaped. */
class RevertContentTest {

    static final String LIMIT = "spec.template.spec.containers[name=app].resources.limits.memory";

    static Remediation merged() {
        Remediation r = new Remediation();
        r.getMetadata().setNamespace("shop");
        r.getMetadata().setName("oom-1");
        RemediationSpec spec = new RemediationSpec();
        AlertInfo alert = new AlertInfo();
        alert.setName("KubePodOOMKilled");
        spec.setAlert(alert);
        TargetResource target = new TargetResource();
        target.setKind(WorkloadKind.Deployment);
        target.setNamespace("shop");
        target.setName("checkout");
        spec.setTarget(target);
        r.setSpec(spec);
        RemediationStatus status = new RemediationStatus();
        status.setPrNumber(7);
        status.setPrUrl("https://github.com/acme/manifests/pull/7");
        r.setStatus(status);
        return r;
    }

    static RollbackRecord record(String oldValue) {
        return new RollbackRecord("Deployment", "shop", "checkout", List.of(
                new RollbackRecord.Change(LIMIT, oldValue, "640Mi")));
    }

    @Test
    void theRevertSwapsOldAndNewAndLinksTheOriginalPullRequest() {
        ActionResult revert = RevertContent.result(ActionType.IncreaseMemory, record("512Mi"));

        assertThat(revert.changes()).extracting(FieldChange::path, FieldChange::oldValue, FieldChange::newValue)
                .containsExactly(tuple(LIMIT, "640Mi", "512Mi"));
        PullRequestContent content = RevertContent.of(merged(), revert, "apps/shop/checkout.yaml",
                "not verified within the 15m window: alert <b>KubePodOOMKilled</b> did not resolve @acme/sre");

        assertThat(content.branch()).matches("heal8s/revert-increase-memory/shop-checkout-[0-9a-f]{8}");
        assertThat(content.title()).isEqualTo("Revert: heal8s: IncreaseMemory on Deployment shop/checkout "
                + "(KubePodOOMKilled)");
        assertThat(content.body())
                .contains("This reverts pull request [#7](https://github.com/acme/manifests/pull/7).")
                .contains("&lt;b&gt;").doesNotContain("<b>").doesNotContain("@acme/sre")
                .contains("| `640Mi` | `512Mi` |")
                .endsWith("<!-- heal8s:remediation=shop/oom-1 -->\n");
        assertThat(PullRequestContent.remediationOf(content.body())).contains("shop/oom-1");
        assertThat(content.labels()).containsExactly("heal8s", "revert", "increase-memory");
    }

    @Test
    void aFieldTheChangeAddedCannotBeRevertedByAPullRequest() {
        assertThatThrownBy(() -> RevertContent.result(ActionType.IncreaseMemory, record(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(LIMIT + " did not exist before the change");
    }
}
