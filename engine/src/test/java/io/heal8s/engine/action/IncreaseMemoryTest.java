package io.heal8s.engine.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IncreaseMemoryTest {

    private static IncreaseMemory withParams(Object... keyValues) {
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put((String) keyValues[i], keyValues[i + 1]);
        }
        return IncreaseMemory.withParams(params);
    }

    private static String newLimit(ActionResult result) {
        return result.changes().get(0).newValue();
    }

    /** The Go heal8s's own test table, run through ours with its parameters and our defaults (minStep 64Mi). */
    @ParameterizedTest(name = "{0} +{1}% (max {2}): Go {3}, ours {4}, ours with minStep 1 byte {5}")
    @CsvSource({
        "256Mi,  25, 2Gi, 320Mi, 320Mi, 320Mi",
        "128Mi,  50, 2Gi, 192Mi, 192Mi, 192Mi",
        "1800Mi, 25, 2Gi, 2Gi,   2Gi,   2Gi",
        // Go has no minimum step: +10% of 100Mi is 110Mi, rounded to 128Mi. Ours adds at least minStep (64Mi), 164Mi,
        // rounded to 192Mi: a 10% raise of a small limit is too little to stop the next OOM kill.
        "100Mi,  10, 2Gi, 128Mi, 192Mi, 128Mi",
    })
    void matchesTheGoHeal8sExceptWhereTheMinimumStepApplies(String limit, int percent, String max, String go,
            String ours, String oursWithoutMinStep) {
        ContainerResources app = ContainerResources.memory("app", limit, null);

        assertThat(newLimit(withParams("percent", percent, "max", max).apply(app))).isEqualTo(ours);
        assertThat(newLimit(withParams("percent", percent, "max", max, "minStep", "1").apply(app)))
                .isEqualTo(oursWithoutMinStep);
        if (!go.equals(ours)) {
            assertThat(limit).isEqualTo("100Mi");
        }
    }

    @ParameterizedTest(name = "limit {0}, request {1}, {2} +{3}% → limit {4}, request {5}")
    @CsvSource(nullValues = "-", value = {
        // requests policies
        "256Mi,     128Mi, keepRatio,  25, 320Mi,      160Mi",
        "256Mi,     100Mi, keepRatio,  25, 320Mi,      125Mi",
        "300Mi,     100Mi, keepRatio,  25, 384Mi,      128Mi",
        // 333Mi × 1280/1024 = 416.25Mi, rounded up to a whole Mi
        "1Gi,       333Mi, keepRatio,  25, 1280Mi,     417Mi",
        "256Mi,     256Mi, keepRatio,  25, 320Mi,      320Mi",
        "256Mi,     128Mi, equalLimit, 25, 320Mi,      320Mi",
        "256Mi,     -,     equalLimit, 25, 320Mi,      320Mi",
        "256Mi,     128Mi, unchanged,  25, 320Mi,      -",
        // no limit: the request is the base, and stays (there is no ratio to keep)
        "-,         256Mi, keepRatio,  25, 320Mi,      -",
        // neither: the configured default 256Mi is the base
        "-,         -,     keepRatio,  25, 320Mi,      -",
        // every Kubernetes spelling parses; the output is the exact binary unit
        "262144Ki,  -,     keepRatio,  25, 320Mi,      -",
        "268435456, -,     keepRatio,  25, 320Mi,      -",
        "0.25Gi,    -,     keepRatio,  25, 320Mi,      -",
        "1G,        -,     keepRatio,  25, 1216Mi,     -",
        "129e6,     -,     keepRatio,  25, 192Mi,      -",
        "1Gi,       -,     keepRatio,  50, 1536Mi,     -",
        "1536Mi,    -,     keepRatio,  25, 1920Mi,     -",
        // capped: 1800Mi × 1.25 = 2250Mi, rounded to 2304Mi, capped at 2Gi
        "1800Mi,    900Mi, keepRatio,  25, 2Gi,        1Gi",
        "2047Mi,    -,     keepRatio,  1,  2Gi,        -",
    })
    void raisesByPercentOrMinimumStepRoundedUpAndCapped(String limit, String request, String policy, int percent,
            String expectedLimit, String expectedRequest) {
        ActionResult result = withParams("percent", percent, "requests", policy)
                .apply(ContainerResources.memory("app", limit, request));

        assertThat(result.changed()).isTrue();
        assertThat(result.changes()).first().isEqualTo(new FieldChange(
                "spec.template.spec.containers[name=app].resources.limits.memory", limit, expectedLimit));
        if (expectedRequest == null) {
            assertThat(result.changes()).hasSize(1);
        } else {
            assertThat(result.changes()).hasSize(2).last().isEqualTo(new FieldChange(
                    "spec.template.spec.containers[name=app].resources.requests.memory", request, expectedRequest));
        }
    }

    @ParameterizedTest(name = "limit {0}, roundTo {1}, max {2} → {3}")
    @CsvSource({
        // no binary unit is exact: plain bytes
        "1000000, 1000, 2Gi,   1250000",
        // a decimal cap that no binary unit spells exactly
        "900Mi,   64Mi, 1000M, 1000000000",
        "900Mi,   64Mi, 1000Mi, 1000Mi",
        "1Ki,     1,    2Gi,   1280",
    })
    void spellsTheResultInTheBinaryUnitThatIsExactElsePlainBytes(String limit, String roundTo, String max,
            String expected) {
        ActionResult result = withParams("minStep", "1", "roundTo", roundTo, "max", max)
                .apply(ContainerResources.memory("app", limit, null));

        assertThat(newLimit(result)).isEqualTo(expected);
        assertThat(Quantity.parse(expected)).isEqualTo(Quantity.parse(newLimit(result)));
    }

    @ParameterizedTest(name = "limit {0}, request {1}, max {2}: {3}")
    @CsvSource(nullValues = "-", value = {
        "2Gi,   1Gi,  2Gi, 'at cap: memory limit 2Gi is the cap 2Gi'",
        "2048Mi, -,   2Gi, 'at cap: memory limit 2048Mi is the cap 2Gi'",
        "3Gi,   1Gi,  2Gi, 'limit above cap, left alone: memory limit 3Gi, cap 2Gi'",
        "-,     3Gi,  2Gi, 'request above cap, left alone: memory request 3Gi, cap 2Gi'",
        "-,     -,    128Mi, 'default above cap, left alone: memory default 256Mi, cap 128Mi'",
        "-,     -,    256Mi, 'at cap: memory default 256Mi is the cap 256Mi'",
    })
    void neverLowersAndStopsAtTheCapWithAReason(String limit, String request, String max, String reason) {
        ActionResult result = withParams("max", max).apply(ContainerResources.memory("app", limit, request));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.changes()).isEmpty();
        assertThat(result.patch()).isNull();
        assertThat(result.description()).contains("nothing to change");
    }

    @Test
    void patchesTheContainerByNameWithAStrategicMergePatch() {
        ActionResult result = IncreaseMemory.of(ActionSpec.defaults(ActionType.IncreaseMemory))
                .apply(ContainerResources.memory("app", "256Mi", "128Mi"));

        assertThat(result.patch().type()).isEqualTo(PatchType.STRATEGIC_MERGE);
        assertThat(result.patch().target()).isEqualTo(PatchTarget.WORKLOAD);
        assertThat(result.patch().json()).isEqualTo("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":"
                + "\"app\",\"resources\":{\"limits\":{\"memory\":\"320Mi\"},\"requests\":{\"memory\":\"160Mi\"}}}]}}}}");
        assertThat(result.reason()).isEqualTo("memory limit 256Mi → 320Mi, request 128Mi → 160Mi");
    }

    @Test
    void describesTheChangeAndTheRuleForAPullRequest() {
        ActionResult result = withParams().apply(ContainerResources.memory("app", "256Mi", null));

        assertThat(result.description()).isEqualTo("""
                **IncreaseMemory** for container `app`: memory limit `256Mi` → `320Mi`.

                The new limit is the larger of +25% and +`64Mi` over the memory limit `256Mi`, rounded up to a \
                multiple of `64Mi` and capped at `2Gi`.

                - `spec.template.spec.containers[name=app].resources.limits.memory`: `256Mi` → `320Mi`

                The container sets no memory request: Kubernetes gives its pods the limit as the request (unless a \
                LimitRange sets a default), so the request rises with the limit.
                """);
    }

    @Test
    void saysWhenTheNewLimitReachesTheCap() {
        ActionResult result = withParams().apply(ContainerResources.memory("app", "1800Mi", "1800Mi"));

        assertThat(result.description()).contains("The new limit is the cap `2Gi`: heal8s will not raise it again.");
    }

    @Test
    void readsOnlyMemoryAndIgnoresCpu() {
        ContainerResources both = new ContainerResources("app", Quantity.parse("256Mi"), null,
                Quantity.parse("500m"), Quantity.parse("250m"));

        assertThat(withParams().apply(both).changes()).extracting(FieldChange::path)
                .containsExactly("spec.template.spec.containers[name=app].resources.limits.memory");
    }

    @Test
    void refusesAnotherActionsSpecAndUnknownOrMalformedParameters() {
        assertThatIllegalArgumentException().isThrownBy(() -> IncreaseMemory.of(ActionSpec.defaults(ActionType.ScaleUp)))
                .withMessage("expected action IncreaseMemory, got ScaleUp");
        assertThatIllegalArgumentException().isThrownBy(() -> withParams("maxMemory", "2Gi"))
                .withMessage("IncreaseMemory has no parameter 'maxMemory'");
        assertThatIllegalArgumentException().isThrownBy(() -> withParams("max", "2GB"))
                .withMessageStartingWith("IncreaseMemory parameter 'max': invalid quantity '2GB'");
        assertThatIllegalArgumentException().isThrownBy(() -> withParams("requests", "half"))
                .withMessage("IncreaseMemory parameter 'requests' is 'half', expected one of "
                        + "[keepRatio, equalLimit, unchanged]");
    }

    @Test
    void refusesAContainerNameThatNoKubernetesObjectCouldHave() {
        assertThatIllegalArgumentException().isThrownBy(() -> ContainerResources.memory("app`\n@team", "1Gi", null))
                .withMessageStartingWith("container name 'app` @team' is not a DNS label");
    }
}
