package io.heal8s.engine.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollbackImageTest {

    private static final RollbackImage ROLLBACK = RollbackImage.of(ActionSpec.defaults(ActionType.RollbackImage));
    private static final String APP_IMAGE = "spec.template.spec.containers[name=app].image";

    private static Revision revision(long number, boolean healthy, String... containerImages) {
        Map<String, String> images = new LinkedHashMap<>();
        for (int i = 0; i < containerImages.length; i += 2) {
            images.put(containerImages[i], containerImages[i + 1]);
        }
        return new Revision(number, images, healthy, Instant.parse("2026-11-2" + number + "T10:00:00Z"),
                "web-rs" + number);
    }

    @Test
    void restoresTheImageOfTheNewestHealthyRevisionBeforeTheCurrentOne() {
        RevisionHistory history = new RevisionHistory(List.of(
                revision(1, true, "app", "shop:1.0"),
                revision(2, true, "app", "shop:1.1"),
                revision(3, false, "app", "shop:1.2")), 3);

        ActionResult result = ROLLBACK.apply(history);

        assertThat(result.changed()).isTrue();
        assertThat(result.changes()).containsExactly(new FieldChange(APP_IMAGE, "shop:1.2", "shop:1.1"));
        assertThat(result.reason()).isEqualTo("images of revision 2, the newest healthy revision before 3");
        assertThat(result.patch().type()).isEqualTo(PatchType.STRATEGIC_MERGE);
        assertThat(result.patch().json()).isEqualTo(
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"shop:1.1\"}]}}}}");
        assertThat(result.description()).isEqualTo("""
                **RollbackImage**: back to the images of revision 2.

                Revision 2 (`web-rs2`, created 2026-11-22T10:00:00Z) is the newest revision older than the current \
                revision 3 (`web-rs3`) that was healthy.

                - `spec.template.spec.containers[name=app].image`: `shop:1.2` → `shop:1.1`
                """);
    }

    @Test
    void skipsUnhealthyRevisionsAndSaysWhich() {
        RevisionHistory history = new RevisionHistory(List.of(
                revision(4, false, "app", "shop:1.3"),
                revision(2, true, "app", "shop:1.1"),
                revision(3, false, "app", "shop:1.2"),
                revision(5, false, "app", "shop:1.4")), 5);

        ActionResult result = ROLLBACK.apply(history);

        assertThat(result.changes()).containsExactly(new FieldChange(APP_IMAGE, "shop:1.4", "shop:1.1"));
        assertThat(result.description()).contains("skipped: revision 4 (`web-rs4`) was not healthy, revision 3"
                + " (`web-rs3`) was not healthy.");
    }

    @Test
    void ignoresRevisionsNewerThanTheCurrentOne() {
        // After a rollback the current revision is not the highest number.
        RevisionHistory history = new RevisionHistory(List.of(
                revision(1, true, "app", "shop:1.0"),
                revision(2, false, "app", "shop:1.1"),
                revision(3, true, "app", "shop:1.2")), 2);

        assertThat(ROLLBACK.apply(history).changes()).containsExactly(new FieldChange(APP_IMAGE, "shop:1.1",
                "shop:1.0"));
    }

    @Test
    void changesOnlyContainersWhoseImageDifferedAndNotesAddedAndRemovedOnes() {
        RevisionHistory history = new RevisionHistory(List.of(
                revision(1, true, "app", "shop:1.0", "proxy", "envoy:1.30", "old-agent", "agent:3"),
                revision(2, false, "app", "shop:1.1", "proxy", "envoy:1.30", "metrics", "exporter:2")), 2);

        ActionResult result = ROLLBACK.apply(history);

        assertThat(result.changes()).containsExactly(new FieldChange(APP_IMAGE, "shop:1.1", "shop:1.0"));
        assertThat(result.description())
                .contains("Container `metrics` did not exist in revision 1; its image stays `exporter:2`.")
                .contains("Container `old-agent` of revision 1 is no longer in the pod template; heal8s does not add"
                        + " it back.");
    }

    @Test
    void noHealthyPreviousRevisionIsNoChange() {
        RevisionHistory history = new RevisionHistory(List.of(
                revision(1, false, "app", "shop:1.0"),
                revision(2, false, "app", "shop:1.1")), 2);

        ActionResult result = ROLLBACK.apply(history);

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo("no healthy previous revision");
        assertThat(result.description()).contains("revision 1 (`web-rs1`) was not healthy");
    }

    @Test
    void aFirstRevisionHasNothingToGoBackTo() {
        ActionResult result = ROLLBACK.apply(new RevisionHistory(List.of(revision(1, false, "app", "shop:1.0")), 1));

        assertThat(result.reason()).isEqualTo("no healthy previous revision");
        assertThat(result.description()).contains("the history holds no older revision");
    }

    @Test
    void aPreviousRevisionWithTheSameImagesIsNoChange() {
        // Revision 2 changed only the environment: the images are not what broke.
        RevisionHistory history = new RevisionHistory(List.of(
                revision(1, true, "app", "shop:1.0"),
                revision(2, false, "app", "shop:1.0")), 2);

        ActionResult result = ROLLBACK.apply(history);

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo("revision 1 runs the same images as the current revision 2");
    }

    @Test
    void aCurrentRevisionMissingFromTheHistoryIsNoChange() {
        ActionResult result = ROLLBACK.apply(new RevisionHistory(List.of(revision(1, true, "app", "shop:1.0")), 2));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo("current revision 2 not in the history");
    }

    @Test
    void escapesImagesAndSourcesInTheDescription() {
        RevisionHistory history = new RevisionHistory(List.of(
                new Revision(1, Map.of("app", "evil`<img src=x>`:1"), true, Instant.EPOCH, "rs-@team"),
                revision(2, false, "app", "shop:2")), 2);

        assertThat(ROLLBACK.apply(history).description())
                .contains("``evil`<img src=x>`:1``")
                .contains("(`rs-@team`, created 1970-01-01T00:00:00Z)");
    }

    @Test
    void refusesParametersAndDuplicateRevisions() {
        assertThatIllegalArgumentException().isThrownBy(() -> RollbackImage.withParams(Map.of("maxRevisions", 5)))
                .withMessage("RollbackImage has no parameter 'maxRevisions'");
        assertThatIllegalArgumentException().isThrownBy(() -> new RevisionHistory(List.of(
                revision(1, true, "app", "a"), revision(1, false, "app", "b")), 1))
                .withMessage("revision 1 appears twice");
    }
}
