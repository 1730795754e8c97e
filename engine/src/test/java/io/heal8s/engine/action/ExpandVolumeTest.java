package io.heal8s.engine.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpandVolumeTest {

    private static final ExpandVolume DEFAULTS = ExpandVolume.of(ActionSpec.defaults(ActionType.ExpandVolume));

    private static VolumeState volume(String request) {
        return new VolumeState(Quantity.parseMemory(request), true, "fast-ssd");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        // defaults: +50%, at least +1Gi, capped at 100Gi
        "10Gi,   15Gi",
        "1Gi,    2Gi",
        // 100Mi + 1Gi = 1124Mi, rounded up to a whole Gi
        "100Mi,  2Gi",
        // 15G is 13.97Gi
        "10G,    14Gi",
        "11Gi,   17Gi",
        "90Gi,   100Gi",
        "99Gi,   100Gi",
    })
    void growsByPercentOrMinimumStepToAWholeGiCapped(String request, String expected) {
        ActionResult result = DEFAULTS.apply(volume(request));

        assertThat(result.changes()).containsExactly(new FieldChange("spec.resources.requests.storage", request,
                expected));
        assertThat(result.patch().type()).isEqualTo(PatchType.MERGE);
        assertThat(result.patch().json()).isEqualTo("{\"spec\":{\"resources\":{\"requests\":{\"storage\":\""
                + expected + "\"}}}}");
    }

    @Test
    void roundsToAWholeMiBelowOneGi() {
        ActionResult result = ExpandVolume.withParams(Map.of("percent", 10, "minStep", "100Mi")).apply(volume("200Mi"));

        assertThat(result.changes().get(0).newValue()).isEqualTo("300Mi");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "100Gi,  'at cap: storage request 100Gi is the cap 100Gi'",
        "200Gi,  'request above cap, left alone: 200Gi, cap 100Gi'",
    })
    void neverShrinksAndStopsAtTheCap(String request, String reason) {
        ActionResult result = DEFAULTS.apply(volume(request));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo(reason);
    }

    @Test
    void changesNothingWhenTheStorageClassDoesNotAllowExpansion() {
        ActionResult result = DEFAULTS.apply(new VolumeState(Quantity.parse("10Gi"), false, "standard"));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo("StorageClass standard does not allow volume expansion");
        assertThat(result.description()).contains("StorageClass `standard` does not set `allowVolumeExpansion: true`");
    }

    @Test
    void namesTheClusterDefaultWhenTheClaimNamesNoClass() {
        ActionResult result = DEFAULTS.apply(new VolumeState(Quantity.parse("10Gi"), false, null));

        assertThat(result.reason()).isEqualTo("StorageClass (cluster default) does not allow volume expansion");
    }
}
