package io.heal8s.engine.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemediationLabelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "cart", "Cart_v2.1", "8d2c6b1f0a9e7c35", "oom-increase-memory", "a"})
    void aValidValueIsKeptAsItIs(String value) {
        assertThat(RemediationLabels.value(value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cart service", "-cart", "cart-", "shop/cart", "ünïcødé", "a=b,c", "!!!", "\n",
        "this-deployment-name-is-much-longer-than-sixty-three-characters-allowed-in-a-label"})
    void anInvalidValueBecomesAValidOneEndingInAHash(String value) {
        String label = RemediationLabels.value(value);

        assertThat(RemediationLabels.isValidValue(label)).as(label).isTrue();
        assertThat(label).matches("(.*-)?[0-9a-f]{10}");
    }

    @Test
    void theDecisionTimeIsTheAnnotationThenTheCreationTime() {
        Remediation r = new Remediation();
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withCreationTimestamp("2026-11-26T10:00:05Z")
                .addToAnnotations(RemediationLabels.DECIDED_AT, "2026-11-26T10:00:00Z").build());
        assertThat(RemediationLabels.decidedAt(r)).isEqualTo(java.time.Instant.parse("2026-11-26T10:00:00Z"));

        r.getMetadata().getAnnotations().put(RemediationLabels.DECIDED_AT, "edited by hand");
        assertThat(RemediationLabels.decidedAt(r)).isEqualTo(java.time.Instant.parse("2026-11-26T10:00:05Z"));

        r.getMetadata().setCreationTimestamp(null);
        assertThat(RemediationLabels.decidedAt(r)).isNull();
    }

    @Test
    void valuesThatCleanAlikeStayDistinct() {
        assertThat(RemediationLabels.value("cart service")).startsWith("cart_service-")
                .isNotEqualTo(RemediationLabels.value("cart/service"))
                .isNotEqualTo("cart_service");
    }

    @Test
    void aLongValueKeepsItsBeginning() {
        String label = RemediationLabels.value("x".repeat(100));

        assertThat(label).hasSize(63).startsWith("x".repeat(52) + "-");
    }

    @Test
    void nullReadsAsEmpty() {
        assertThat(RemediationLabels.value(null)).isEmpty();
    }

    @Property
    void anyTextBecomesAValidLabelValue(@ForAll String text) {
        assertThat(RemediationLabels.isValidValue(RemediationLabels.value(text))).isTrue();
    }
}
