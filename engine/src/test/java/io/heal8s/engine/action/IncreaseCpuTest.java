package io.heal8s.engine.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IncreaseCpuTest {

    private static final String LIMIT = "spec.template.spec.containers[name=app].resources.limits.cpu";
    private static final String REQUEST = "spec.template.spec.containers[name=app].resources.requests.cpu";

    @ParameterizedTest(name = "limit {0}, request {1}, {2} → limit {3}, request {4}")
    @CsvSource(nullValues = "-", value = {
        // defaults: +25%, at least +100m, rounded up to 50m, capped at 2
        "500m,  250m, keepRatio,  650m,  325m",
        "500m,  250m, equalLimit, 650m,  650m",
        "500m,  250m, unchanged,  650m,  -",
        "0.5,   -,    keepRatio,  650m,  -",
        "1,     1,    keepRatio,  1250m, 1250m",
        "1.5,   -,    keepRatio,  1900m, -",
        "100m,  -,    keepRatio,  200m,  -",
        // 1800m × 1.25 = 2250m, capped at 2 cores, spelled as whole cores
        "1800m, 900m, keepRatio,  2,     1",
        // 100m × 650/500 is exactly 130m: whole-millicore arithmetic has no floating-point drift to round up
        "500m,  100m, keepRatio,  650m,  130m",
        // 333m × 650/500 = 432.9m, rounded up to a whole millicore
        "500m,  333m, keepRatio,  650m,  433m",
        // no limit: the request is the base; neither: the default 250m
        "-,     400m, keepRatio,  500m,  -",
        "-,     -,    keepRatio,  350m,  -",
    })
    void raisesInMillicoresRoundedUpAndCapped(String limit, String request, String policy, String expectedLimit,
            String expectedRequest) {
        ActionResult result = IncreaseCpu.withParams(Map.of("requests", policy))
                .apply(ContainerResources.cpu("app", limit, request));

        assertThat(result.changed()).isTrue();
        assertThat(result.changes()).first().isEqualTo(new FieldChange(LIMIT, limit, expectedLimit));
        if (expectedRequest == null) {
            assertThat(result.changes()).hasSize(1);
        } else {
            assertThat(result.changes()).hasSize(2).last().isEqualTo(new FieldChange(REQUEST, request, expectedRequest));
        }
    }

    @ParameterizedTest(name = "limit {0}: {1}")
    @CsvSource({
        "2,     'at cap: cpu limit 2 is the cap 2'",
        "2000m, 'at cap: cpu limit 2000m is the cap 2'",
        "4,     'limit above cap, left alone: cpu limit 4, cap 2'",
    })
    void neverLowersAndStopsAtTheCap(String limit, String reason) {
        ActionResult result = IncreaseCpu.of(ActionSpec.defaults(ActionType.IncreaseCPU))
                .apply(ContainerResources.cpu("app", limit, null));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo(reason);
    }

    @Test
    void patchesTheCpuOfTheNamedContainer() {
        ActionResult result = IncreaseCpu.withParams(Map.of("percent", 100, "max", "4"))
                .apply(ContainerResources.cpu("worker", "1", "500m"));

        assertThat(result.patch().json()).isEqualTo("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":"
                + "\"worker\",\"resources\":{\"limits\":{\"cpu\":\"2\"},\"requests\":{\"cpu\":\"1\"}}}]}}}}");
        assertThat(result.description()).startsWith("**IncreaseCPU** for container `worker`: cpu limit `1` → `2`.");
    }
}
